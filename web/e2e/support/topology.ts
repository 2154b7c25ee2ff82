import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { e2eDir, findJava, freePort } from './baton';

/**
 * The production topology of deploy/local/run-two-nodes: two Baton processes behind Debian's nginx with the
 * shipped deploy/nginx.conf, on PostgreSQL (BATON_TEST_POSTGRES_URL, default the loopback `baton_test`, in a fresh
 * schema) and Redis (BATON_TEST_REDIS_URL, default loopback). A first start with the demo inbox, like startBaton.
 */
export interface TwoNodes {
  /** nginx's address: what the browsers use. */
  url: string;
  adminEmail: string;
  adminPassword: string;
  /** A node's own address (1 or 2), for its metrics. */
  node(n: 1 | 2): string;
  stopNode(n: 1 | 2): Promise<void>;
  startNode(n: 1 | 2): Promise<void>;
  stop(): Promise<void>;
}

const repository = resolve(e2eDir, '..', '..');
const script = join(repository, 'deploy', 'local', 'run-two-nodes');

export async function startTwoNodes(): Promise<TwoNodes> {
  const dir = mkdtempSync(join(tmpdir(), 'baton-e2e-two-nodes-'));
  const [httpPort, port1, port2] = [await freePort(), await freePort(), await freePort()];
  const schema = `baton_e2e_${Math.random().toString(36).slice(2, 10)}`;
  const postgres = process.env.BATON_TEST_POSTGRES_URL || 'jdbc:postgresql://127.0.0.1:5432/baton_test?user=postgres';
  const adminEmail = 'admin@baton.local';
  const adminPassword = 'e2e-two-nodes-password';
  const java = findJava();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    BATON_LOCAL_DIR: dir,
    BATON_JAR: process.env.BATON_JAR || join(repository, 'server', 'target', 'baton.jar'),
    BATON_DB_URL: `${postgres}${postgres.includes('?') ? '&' : '?'}currentSchema=${schema}`,
    BATON_REDIS_URL: process.env.BATON_TEST_REDIS_URL || 'redis://127.0.0.1:6379',
    BATON_HTTP_PORT: String(httpPort),
    BATON_NODE_PORTS: `${port1} ${port2}`,
    BATON_NODE_ARGS: [
      `--spring.flyway.schemas=${schema}`,
      `--spring.flyway.default-schema=${schema}`,
      '--spring.datasource.username=',
      '--baton.demo.enabled=true',
    ].join(' '),
    BATON_BOOTSTRAP_ADMIN_EMAIL: adminEmail,
    BATON_BOOTSTRAP_ADMIN_PASSWORD: adminPassword,
    BATON_JAVA_OPTS: '-Xmx512m -XX:TieredStopAtLevel=1',
    JAVA_HOME: resolve(java, '..', '..'),
  };
  delete env.BATON_PUBLIC_URL;
  delete env.BATON_MODE;
  const run = (...args: string[]) =>
    new Promise<void>((ok, fail) => {
      const child = spawn(script, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
      child.on('exit', (code) => {
        console.log(`[e2e] run-two-nodes ${args.join(' ')}: ${output.trim().split('\n').slice(-1)[0] ?? ''}`);
        if (code === 0) ok();
        else fail(new Error(`run-two-nodes ${args.join(' ')} exited with ${code}:\n${output}`));
      });
    });
  await run('start');
  return {
    url: `http://localhost:${httpPort}`,
    adminEmail,
    adminPassword,
    node: (n) => `http://127.0.0.1:${n === 1 ? port1 : port2}`,
    stopNode: (n) => run('stop-node', String(n)),
    startNode: (n) => run('start-node', String(n)),
    stop: () => run('stop'),
  };
}

/** How many sockets of that kind a node holds (its `baton_sockets` gauge). */
export async function socketsOn(base: string, token: string, kind: 'agent' | 'visitor'): Promise<number> {
  const res = await fetch(`${base}/actuator/prometheus`, { headers: { api_access_token: token } });
  if (!res.ok) throw new Error(`metrics of ${base}: ${res.status}`);
  const line = (await res.text()).split('\n').find((l) => l.startsWith(`baton_sockets{kind="${kind}"}`));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

export function nodeLog(dir: string, n: 1 | 2): string {
  return readFileSync(join(dir, `node-${n}.log`), 'utf8');
}
