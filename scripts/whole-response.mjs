// Sends an answer Next writes for a GET or HEAD in one piece: its headers and body in one write to
// the socket once Next ends it, rather than the headers first (Next flushes them before the first
// chunk) and the body after. A load balancer (deploy/nginx.conf) then gets a page whole or nothing
// at all: when an instance dies (SIGKILL, a crash, the OOM killer) with an answer half-made, no
// byte of it has left, so nginx sends the request to another instance instead of handing the
// reader a page cut short, which it could not take back. Pages are complete strings (route
// handlers), so holding them until the end costs no latency. An answer that grows past `limit`
// (a large image, say) is passed on as it comes, from there on.
const LIMIT = 1024 * 1024;

/** Makes `res` hold what is written to it until `end` (up to `limit` bytes). */
export function sendWhole(res, limit = LIMIT) {
  const write = res.write;
  const end = res.end;
  const flushHeaders = res.flushHeaders;
  let parts = [];
  let size = 0;

  // A copy: the writer may reuse its buffer once write() has returned.
  const chunkOf = (chunk, encoding) => (typeof chunk === 'string' ? Buffer.from(chunk, typeof encoding === 'string' ? encoding : 'utf8') : Buffer.from(chunk));
  const callbackOf = (...args) => args.find((a) => typeof a === 'function');
  const held = () => {
    res.write = write;
    res.end = end;
    res.flushHeaders = flushHeaders;
    const body = Buffer.concat(parts);
    parts = [];
    return body;
  };

  // The headers are stored (res.headersSent turns true, as Next expects) but sent with the body.
  res.flushHeaders = function heldHeaders() {
    if (!this.headersSent) this._implicitHeader();
  };
  res.write = function heldWrite(chunk, encoding, callback) {
    const done = callbackOf(encoding, callback);
    if (chunk !== undefined && chunk !== null && chunk.length > 0) {
      const bytes = chunkOf(chunk, encoding);
      parts.push(bytes);
      size += bytes.length;
      // Too large to hold: what was held goes out, and the rest as it comes.
      if (size > limit) write.call(this, held());
    }
    if (done) process.nextTick(done);
    return true;
  };
  res.end = function heldEnd(chunk, encoding, callback) {
    const done = callbackOf(chunk, encoding, callback);
    if (chunk !== undefined && chunk !== null && typeof chunk !== 'function' && chunk.length > 0) parts.push(chunkOf(chunk, encoding));
    const body = held();
    return body.length > 0 ? end.call(this, body, done) : end.call(this, done);
  };
}
