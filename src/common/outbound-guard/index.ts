export { BLOCKED_ADDRESS_CODE, BlockedAddressError, OutboundUrlError } from './blocked-address.error';
export { forbiddenAddressReason, isForbiddenAddress } from './forbidden-address';
export { assertPublicIp, guardedLookup, systemNameResolver } from './guarded-lookup';
export { caresResolver, NameResolver, parseHosts } from './name-resolver';
export { assertPublicUrl, PublicUrlOptions } from './public-url';
