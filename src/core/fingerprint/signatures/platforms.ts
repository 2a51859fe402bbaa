// Hosting platforms and Microsoft's gateways: Azure Front Door, Azure Application Gateway, IIS,
// Heroku, Vercel, Netlify. Facts from gateways.md §14–§17.
import type { GeneratorSignature } from '../types.js';

const IIS_GATEWAY_PAGE = /\d{3} - Web server received an invalid response while acting as a gateway or proxy server\./;
const IIS_EXTRACT = [
  { field: 'vendorCode', from: 'body', pattern: /IIS Detailed Error - (\d{3}\.\d+)/ },
  { field: 'detail', from: 'body', pattern: /\d{3} - (Web server received an invalid response while acting as a gateway or proxy server\.)/ },
] as const;
const AZURE_GATEWAY_SERVER = /^Microsoft-Azure-Application-Gateway\b/;

export const PLATFORM_SIGNATURES = [
  // Azure Front Door: its "Our services aren't available right now" page; ErrorInfo names the cause.
  { id: 'azure-front-door', confidence: 'high', all: [{ body: /Our services aren(?:'|’|&#39;)t available right now/ }],
    extract: [{ field: 'vendorCode', from: 'body', pattern: /ErrorInfo: ?([A-Za-z]+)/ }] },
  { id: 'azure-front-door', confidence: 'medium', all: [{ status: 'error' }, { body: /ErrorInfo: ?(?:Origin[A-Za-z]+)/ }, { header: 'x-azure-ref', value: /\S/ }],
    extract: [{ field: 'vendorCode', from: 'body', pattern: /ErrorInfo: ?([A-Za-z]+)/ }] },

  // Azure Application Gateway: its Server header, on its nginx-style page or the IIS-style text.
  { id: 'azure-app-gateway', confidence: 'high', all: [{ body: /<hr><center>Microsoft-Azure-Application-Gateway\/v\d<\/center>/, label: 'body footer' }] },
  { id: 'azure-app-gateway', confidence: 'high', all: [{ body: IIS_GATEWAY_PAGE }, { header: 'server', value: AZURE_GATEWAY_SERVER }], extract: IIS_EXTRACT },
  { id: 'azure-app-gateway', confidence: 'medium', all: [{ status: 'error' }, { header: 'server', value: AZURE_GATEWAY_SERVER }] },

  // IIS + ARR: detailed error title with the substatus, or the generic gateway page.
  { id: 'iis', confidence: 'high', all: [{ body: /IIS Detailed Error - \d{3}\.\d+/ }], extract: IIS_EXTRACT },
  { id: 'iis', confidence: 'high', all: [{ body: IIS_GATEWAY_PAGE }, { header: 'server', value: /^Microsoft-IIS\b/ }], extract: IIS_EXTRACT },
  { id: 'iis', confidence: 'medium', all: [{ body: IIS_GATEWAY_PAGE }], none: [{ header: 'server', value: AZURE_GATEWAY_SERVER }], extract: IIS_EXTRACT },

  // Heroku router: a page that frames herokucdn.com/error-pages/<page>.html (H-codes stay in the log,
  // except maintenance mode, which is H80).
  { id: 'heroku', confidence: 'high', all: [{ body: /herokucdn\.com\/error-pages\/[a-z-]+\.html/ }],
    extract: [
      { field: 'vendorCode', from: 'body', pattern: /herokucdn\.com\/error-pages\/maintenance-mode\.html/, value: 'H80' },
      { field: 'detail', from: 'body', pattern: /<title>([^<]+)<\/title>/ },
    ] },

  // Vercel: x-vercel-error, or the page's `Code:` line with an `ID: <region>::` line.
  { id: 'vercel', confidence: 'high', all: [{ header: 'x-vercel-error', value: /^[A-Z_]+$/ }],
    extract: [{ field: 'vendorCode', from: { header: 'x-vercel-error' }, pattern: /^([A-Z_]+)$/ }, { field: 'detail', from: 'body', pattern: /(\d{3}: [A-Z_]+)/ }] },
  { id: 'vercel', confidence: 'high', all: [{ body: /Code: [A-Z_]+/ }, { body: /ID: [a-z0-9]+::/ }],
    extract: [{ field: 'vendorCode', from: 'body', pattern: /Code: ([A-Z_]+)/ }, { field: 'detail', from: 'body', pattern: /(\d{3}: [A-Z_]+)/ }] },

  // Netlify: a function failure as {"errorMessage": "..."} with Server: Netlify.
  { id: 'netlify', confidence: 'high', all: [{ header: 'server', value: /^Netlify$/ }, { body: /"errorMessage"\s*:\s*"/ }],
    extract: [{ field: 'detail', from: 'body', pattern: /"errorMessage"\s*:\s*"((?:[^"\\]|\\.)*)"/ }] },
] as const satisfies readonly GeneratorSignature[];
