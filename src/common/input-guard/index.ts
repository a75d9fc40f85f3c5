export { jsonBodyViolation, LONE_SURROGATE_IN_BODY, NUL_IN_BODY, tooDeep } from './json-body-guard';
export { NUL_IN_URL, urlHasNul } from './url-guard';
export { jsonBodyParserOptions, urlGuard } from './input-guard';
