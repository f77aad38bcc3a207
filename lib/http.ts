/** A complete HTML page response. */
export function htmlResponse(body: string, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(body, { status, headers: { 'content-type': 'text/html; charset=utf-8', ...headers } });
}

/** An XML document response (feeds). */
export function xmlResponse(body: string, contentType = 'application/xml'): Response {
  return new Response(body, { headers: { 'content-type': `${contentType}; charset=utf-8` } });
}

/** A Set-Cookie value: httpOnly and SameSite=Lax always, Secure when the site is served over https. */
export function cookie(name: string, value: string, p: { maxAge: number; siteUrl: string; httpOnly?: boolean }): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/', `Max-Age=${p.maxAge}`, 'SameSite=Lax'];
  if (p.httpOnly !== false) parts.push('HttpOnly');
  if (p.siteUrl.startsWith('https:')) parts.push('Secure');
  return parts.join('; ');
}

/** A redirect after a form POST (303: the browser follows with GET). */
export function seeOther(location: string, headers: Record<string, string> = {}): Response {
  return new Response(null, { status: 303, headers: { location, ...headers } });
}

/** JSON with a status; never a stack trace. */
export function jsonResponse(data: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(data), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });
}
