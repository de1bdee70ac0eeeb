/**
 * OKX v5 (www.okx.com/docs-v5/en/): every answer is `{"code","msg","data"}` with `code` a string, "0" on success;
 * the HTTP status of each error code is in the "Error Code" tables (#error-code-rest-api-public, -trade). An order
 * refused for its own reason answers `code` "1" ("Operation failed", #error-code-rest-api-public) with the reason in
 * `data[0].sCode`/`sMsg` (#order-book-trading-trade-post-place-order, "Response Parameters").
 * @module
 */
import type { DialectSpec, Table } from './types.js';

/** 50004, HTTP 400 in the table. */
const OKX_TIMEOUT_MSG = 'API endpoint request timeout (does not mean that the request was successful or failed, please check the request result).';

const OKX: Table<string> = {
  // #error-code-rest-api-public: 50026 (500) "System error. Try again later".
  internal: [500, '50026', 'System error. Try again later'],
  // 50001 (503) "Service temporarily unavailable. Please try again later".
  unavailable: [503, '50001', 'Service temporarily unavailable. Please try again later'],
  // 50013 (429) "Systems are busy. Please try again later".
  overload: [429, '50013', 'Systems are busy. Please try again later'],
  // 50011 (429) "Rate limit reached. Please refer to API documentation and throttle requests accordingly".
  rateLimited: [429, '50011', 'Rate limit reached. Please refer to API documentation and throttle requests accordingly'],
  // undocumented status: a gateway 504; 50004 "API endpoint request timeout" says exactly that.
  gatewayTimeout: [504, '50004', OKX_TIMEOUT_MSG],
  // 50004 (400).
  backendTimeout: [400, '50004', OKX_TIMEOUT_MSG],
  // never produced: IP bans are Binance's.
  ipBanned: [429, '50011', 'Rate limit reached. Please refer to API documentation and throttle requests accordingly'],
  // undocumented: OKX has no 2FA over the API; 50114 "Invalid authorization" is the nearest, the name leads.
  require2fa: [511, '50114', 'REQUIRE_2FA: 2FA code has been sent to your e-mail'],
  invalid2fa: [401, '50114', 'INVALID_2FA: invalid 2FA code'],
  // #error-code-rest-api-trade: 51603 (200) "Order does not exist".
  notFound: [200, '51603', 'Order does not exist'],
  // undocumented: an unknown path or method; 50005 (410) "API endpoint is inactive or unavailable" is the nearest.
  routeNotFound: [404, '50005', 'API endpoint is inactive or unavailable.'],
  methodNotAllowed: [405, '50005', 'API endpoint is inactive or unavailable.'],
  // 50002 (400) "JSON syntax error"; 50014 (400) "Parameter {param0} can not be empty".
  malformedJson: [400, '50002', 'JSON syntax error'],
  badRequest: [400, '50014', 'Parameter can not be empty'],
  // #error-code-rest-api-trade: 51000 (200) "Parameter {param0} error".
  validation: [200, '51000', 'Parameter error'],
  // 51016 (200) "Duplicated clOrdId" (newer revisions word it "Client order ID already exists."), answered per
  // order (code "1", data[0].sCode).
  duplicate: [200, '51016', 'Duplicated clOrdId'],
  // #error-code-rest-api-authentication: 50103 (401), 50113 (401) "Invalid Sign", 50102 (401) "Timestamp request
  // expired". Never produced: signing is not simulated for OKX.
  missingApiKey: [401, '50103', 'Request header "OK-ACCESS-KEY" can not be empty.'],
  missingSignature: [401, '50113', 'Invalid Sign'],
  invalidSignature: [401, '50113', 'Invalid Sign'],
  staleTimestamp: [401, '50102', 'Timestamp request expired'],
};

/** The OKX v5 dialect. */
export const okx: DialectSpec = {
  name: 'okx',
  error(kind, detail) {
    const [status, code, msg] = OKX[kind];
    const sCode = String(detail?.code ?? code);
    const sMsg = detail?.message ?? msg;
    if (kind === 'duplicate') {
      const item = { clOrdId: detail?.clientOrderId ?? '', ordId: '', tag: '', ts: '', sCode, sMsg };
      return { status: detail?.status ?? status, body: { code: '1', msg: 'Operation failed.', data: [item] } };
    }
    return { status: detail?.status ?? status, body: { code: sCode, msg: sMsg, data: [] } };
  },
  ok: (data) => ({ code: '0', msg: '', data }),
};
