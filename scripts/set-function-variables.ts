// Sets each function's variables on Appwrite from this process's environment, by the names its manifest lists.
// A name with no value in the environment is reported and left as it is on the server.
import { Client, Functions, ID } from "node-appwrite";
import { listFunctions } from "./lib/functions";

const endpoint = process.env.APPWRITE_ENDPOINT;
const project = process.env.APPWRITE_PROJECT_ID;
const key = process.env.APPWRITE_API_KEY;
if (!endpoint || !project || !key) {
  console.error("APPWRITE_ENDPOINT, APPWRITE_PROJECT_ID and APPWRITE_API_KEY are required");
  process.exit(1);
}
const functions = new Functions(new Client().setEndpoint(endpoint).setProject(project).setKey(key));
// Appwrite sets these itself.
const PROVIDED = new Set(["APPWRITE_FUNCTION_API_ENDPOINT", "APPWRITE_FUNCTION_PROJECT_ID"]);

for (const fn of await listFunctions()) {
  const existing = await functions.listVariables({ functionId: fn.id });
  for (const name of fn.manifest.variables) {
    if (PROVIDED.has(name)) continue;
    const value = process.env[name];
    if (value === undefined) {
      console.warn(`${fn.id}: ${name} not in the environment; left unchanged`);
      continue;
    }
    const found = existing.variables.find((v) => v.key === name);
    if (found) await functions.updateVariable({ functionId: fn.id, variableId: found.$id, key: name, value, secret: true });
    else await functions.createVariable({ functionId: fn.id, variableId: ID.unique(), key: name, value, secret: true });
    console.log(`${fn.id}: ${name} set`);
  }
}
