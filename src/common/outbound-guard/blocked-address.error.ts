export const BLOCKED_ADDRESS_CODE = 'EHERALD_BLOCKED_ADDRESS';

/** A connection Herald refuses to make; `code` lets the delivery engine tell it from network errors. */
export class BlockedAddressError extends Error {
  readonly code = BLOCKED_ADDRESS_CODE;

  constructor(
    readonly address: string,
    readonly reason: string,
    readonly hostname?: string,
  ) {
    super(
      hostname && hostname !== address
        ? `${hostname} resolves to ${address}, a ${reason} address, which webhooks may not target`
        : `${address} is a ${reason} address, which webhooks may not target`,
    );
    this.name = 'BlockedAddressError';
  }
}

/** A webhook URL refused at registration; `kind` says whether it is malformed or points somewhere forbidden. */
export class OutboundUrlError extends Error {
  constructor(
    readonly kind: 'invalid' | 'forbidden',
    message: string,
  ) {
    super(message);
    this.name = 'OutboundUrlError';
  }
}
