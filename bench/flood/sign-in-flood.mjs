// Sign-in flood against a running Baton (issue 10): 1,000 failing sign-ins from 100 source addresses (127.0.1.1 to
// 127.0.1.100, each with 10 distinct unknown e-mails, 100 in flight at once), while an agent lists conversations
// every 20 ms. Prints the list's latency (p50, p95, max) before and during the flood, and what the flood was answered.
// Usage: node bench/flood/sign-in-flood.mjs http://127.0.0.1:18091 admin@baton.local <password>
import http from 'node:http';

const [base, email, password] = process.argv.slice(2);
const url = new URL(base);

function call(method, path, { body, headers = {}, localAddress } = {}) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request({ host: url.hostname, port: url.port, method, path, localAddress, agent: false,
      headers: { ...headers, ...(data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {}) } },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode, text, cookies: res.headers['set-cookie'] ?? [] }));
      });
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

/** The agent's token: from the sign-in (older versions) or made with the session (tokens stored hashed). */
async function token() {
  const signIn = await call('POST', '/auth/sign_in', { body: { email, password } });
  const data = JSON.parse(signIn.text).data;
  if (data.access_token) return { token: data.access_token, account: data.account_id };
  const jar = new Map(signIn.cookies.map((c) => c.split(';')[0].split('=')));
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  (await call('GET', '/api/v1/profile', { headers: { cookie: cookie() } })).cookies.forEach((c) => jar.set(...c.split(';')[0].split('=')));
  const reset = await call('POST', '/api/v1/profile/reset_access_token', { headers: { cookie: cookie(), 'x-xsrf-token': jar.get('XSRF-TOKEN') } });
  return { token: JSON.parse(reset.text).access_token, account: data.account_id };
}

const { token: agentToken, account } = await token();
const list = () => call('GET', `/api/v1/accounts/${account}/conversations?status=open`, { headers: { api_access_token: agentToken } });

async function measure(ms) {
  const samples = [];
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const t = process.hrtime.bigint();
    const r = await list();
    if (r.status !== 200) throw new Error(`list answered ${r.status}`);
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
    await new Promise((ok) => setTimeout(ok, 20));
  }
  samples.sort((a, b) => a - b);
  const at = (p) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))].toFixed(1);
  return `n=${samples.length} p50=${at(0.5)} ms p95=${at(0.95)} ms max=${samples.at(-1).toFixed(1)} ms`;
}

for (let i = 0; i < 20; i++) await list(); // warm up
console.log(`quiet:        ${await measure(5_000)}`);

const answers = new Map();
let next = 0;
const started = Date.now();
async function flooder() {
  while (next < 1000) {
    const n = next++;
    const localAddress = `127.0.1.${(n % 100) + 1}`;
    const r = await call('POST', '/auth/sign_in', { localAddress, body: { email: `nobody-${n}@flood.example`, password: 'wrong-password' } });
    answers.set(r.status, (answers.get(r.status) ?? 0) + 1);
  }
}
const flood = Promise.all(Array.from({ length: 100 }, flooder));
const during = measure(15_000);
console.log(`during flood: ${await during}`);
await flood;
console.log(`flood: ${[...answers].map(([s, n]) => `${n}×${s}`).join(', ')} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
