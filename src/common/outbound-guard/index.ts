export { BLOCKED_ADDRESS_CODE, BlockedAddressError, OutboundUrlError } from './blocked-address.error';
export { forbiddenAddressReason, isForbiddenAddress } from './forbidden-address';
export { assertPublicIp, guardedLookup } from './guarded-lookup';
export { assertPublicUrl, PublicUrlOptions } from './public-url';
