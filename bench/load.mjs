// A small closed-loop HTTP load generator: C connections, each sending its next request when the
// previous answer arrives, for D milliseconds. Prints JSON { rps, p50, p99, errors, n }.
// Usage: node load.mjs URL CONNECTIONS DURATION_MS METHOD BODY_JSON [HEADERS_JSON]
import http from 'node:http';

const [url, c, d, method, body, headers] = process.argv.slice(2);
const conns = Number(c);
const duration = Number(d);
const u = new URL(url);
const agent = new http.Agent({ keepAlive: true, maxSockets: conns });
const payload = body && body !== '-' ? Buffer.from(body) : null;
const hdrs = {
  ...(headers ? JSON.parse(headers) : {}),
  ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}),
};
const lat = [];
let errors = 0;
const end = performance.now() + duration;

function once() {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const req = http.request(
      { host: u.hostname, port: u.port, path: u.pathname, method, headers: hdrs, agent },
      (res) => {
        let text = '';
        res.on('data', (x) => (text += x));
        res.on('end', () => {
          if (res.statusCode !== 200 || text.includes('"errors"')) errors++;
          lat.push(performance.now() - t0);
          resolve();
        });
      },
    );
    req.on('error', () => {
      errors++;
      resolve();
    });
    if (payload) req.write(payload);
    req.end();
  });
}

async function loop() {
  while (performance.now() < end) await once();
}
const t0 = performance.now();
await Promise.all(Array.from({ length: conns }, loop));
const secs = (performance.now() - t0) / 1000;
lat.sort((a, b) => a - b);
const q = (p) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] ?? 0;
console.log(JSON.stringify({ n: lat.length, rps: lat.length / secs, p50: q(0.5), p99: q(0.99), errors }));
agent.destroy();
