/**
 * A MongoDB ObjectId as Eve stores `_id`: 12 bytes, the first 4 the creation second.
 * Kept as a class (not a bare string) because Eve turns every 24-hex string inside `where`
 * into an ObjectId, and a stored *string* of 24 hex must then never match it.
 *
 * @example
 * const id = ObjectId.fromTime(1506782591, 7); // 59cfad7f…
 * id.seconds // 1506782591
 */
export class ObjectId {
  readonly hex: string;

  constructor(hex: string) {
    if (!isObjectIdHex(hex)) throw new TypeError(`not an ObjectId: ${hex}`);
    this.hex = hex.toLowerCase();
  }

  /** An id whose first 4 bytes are `seconds`; `counter` fills the last 8 bytes (unique per dataset). */
  static fromTime(seconds: number, counter: number): ObjectId {
    const time = Math.floor(seconds).toString(16).padStart(8, '0');
    const rest = Math.floor(counter).toString(16).padStart(16, '0');
    return new ObjectId(time + rest);
  }

  get seconds(): number {
    return Number.parseInt(this.hex.slice(0, 8), 16);
  }

  equals(other: unknown): boolean {
    return other instanceof ObjectId && other.hex === this.hex;
  }

  toString(): string {
    return this.hex;
  }

  toJSON(): string {
    return this.hex;
  }
}

/** Exactly 24 hex digits, either case: what Eve (bson.ObjectId.is_valid) converts inside `where`. */
export function isObjectIdHex(value: string): boolean {
  return value.length === 24 && /^[0-9a-fA-F]{24}$/.test(value);
}
