// One server-sent event, as parsed from or written to the wire.
export interface SseFrame {
  event?: string
  data: string
  id?: string
  /** A comment line (`: text`), used for keepalives; `data` is ignored when set. */
  comment?: string
}
