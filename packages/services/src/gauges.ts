// Gauges counted at the end of a scheduled run (dispatch sweeper, payments reconciler): each is a count query and
// the metric it feeds. Counted in parallel; one that fails is logged and left unreported for this run, never failing
// the run, whose real work is already done.
import type { Deps } from "./deps";

export interface CountedGauge {
  name: string;
  count: () => Promise<number>;
  report: (value: number) => void;
}

export async function reportGauges(deps: Pick<Deps, "log">, gauges: CountedGauge[]): Promise<void> {
  const results = await Promise.allSettled(gauges.map((g) => g.count()));
  results.forEach((r, i) => {
    const g = gauges[i];
    if (!g) return;
    if (r.status === "fulfilled") g.report(r.value);
    else deps.log.warn("gauge not counted", { gauge: g.name, error: String(r.reason) });
  });
}
