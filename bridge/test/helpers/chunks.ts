// Splits bytes at fixed boundaries, so that every fixture is also fed 1, 2, 3, 7 and 64 bytes at a time.
export const CHUNK_SIZES = [1, 2, 3, 7, 64] as const

export function splitEvery(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = []
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size))
  return out
}
