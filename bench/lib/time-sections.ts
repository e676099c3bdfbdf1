// The report sections bench:profile and bench:perf share: self time by area, top-down per gateway function, and
// self time by function, each row formatted by the caller (µs per request, or share of samples).
export interface TimeSummary {
  selfByArea: [string, number][]
  inclusiveByBridgeFunction: [string, number][]
  selfByFunction: [string, number][]
}

export function timeSections(
  s: TimeSummary,
  lines: (rows: [string, number][], k: number) => string[],
  top: number,
): string[] {
  return [
    'Self time by area:',
    ...lines(s.selfByArea, 25),
    '',
    'Top-down, per gateway function (callees included):',
    ...lines(s.inclusiveByBridgeFunction, top),
    '',
    'Self time by function:',
    ...lines(s.selfByFunction, top),
    '',
  ]
}
