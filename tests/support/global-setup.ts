// Runs once per `npm test`: bundles every function, so whole-stack suites run the same artefact that deploys and
// no test file pays for (or races on) a rebuild.
import { bundleFunctions } from "@chizze/devstack/functions/bundle";
import { listFunctions } from "../../scripts/lib/functions";

export default async function setup(): Promise<void> {
  const fns = await listFunctions();
  await bundleFunctions(fns);
}
