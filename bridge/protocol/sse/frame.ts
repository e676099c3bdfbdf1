// One server-sent event, as parsed from or written to the wire.
export interface SseFrame {
  event?: string
  data: string
  /**
   * Set by an encoder whose `data` is JSON text it wrote (JSON has no raw line break): written as one data line
   * without searching it, which would flatten the concatenated string once more before the socket write does.
   */
  oneLine?: true
  id?: string
  /** A comment line (`: text`), used for keepalives; `data` is ignored when set. */
  comment?: string
}
