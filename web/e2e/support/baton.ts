import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { slackClient, slackSigningSecret, startFakeSlack } from './slack';

const here = dirname(fileURLToPath(import.meta.url));
export const e2eDir = resolve(here, '..');
export const artifactsDir = join(e2eDir, 'artifacts');

export interface RunningBaton {
  url: string;
  adminEmail: string;
  adminPassword: string;
  stop(): Promise<void>;
}

function javaMajor(javaBin: string): number | undefined {
  const out = spawnSync(javaBin, ['-XshowSettings:properties', '-version'], { encoding: 'utf8' });
  const m = /java\.specification\.version = (\d+)/.exec(`${out.stderr ?? ''}${out.stdout ?? ''}`);
  return m ? Number(m[1]) : undefined;
}

/** JAVA_HOME when it is 21 or newer, else the first /usr/lib/jvm/* that is, else `java` on the PATH. */
export function findJava(): string {
  const candidates: string[] = [];
  if (process.env.JAVA_HOME) candidates.push(process.env.JAVA_HOME);
  if (existsSync('/usr/lib/jvm')) {
    for (const name of readdirSync('/usr/lib/jvm').sort()) candidates.push(join('/usr/lib/jvm', name));
  }
  for (const home of candidates) {
    const bin = join(home, 'bin', 'java');
    if (existsSync(bin) && (javaMajor(bin) ?? 0) >= 21) return bin;
  }
  if ((javaMajor('java') ?? 0) >= 21) return 'java';
  throw new Error('No JDK 21 or newer: set JAVA_HOME');
}

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => ok(port));
    });
  });
}

/** The caller's environment without settings that would point Baton elsewhere (its own H2, no Redis). */
function serverEnv(port: number, adminEmail: string, adminPassword: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ['BATON_DB_URL', 'BATON_DB_USERNAME', 'BATON_DB_PASSWORD', 'BATON_REDIS_URL', 'BATON_PUBLIC_URL', 'BATON_MODE']) {
    delete env[key];
  }
  return { ...env, PORT: String(port), BATON_BOOTSTRAP_ADMIN_EMAIL: adminEmail, BATON_BOOTSTRAP_ADMIN_PASSWORD: adminPassword };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts the server jar (BATON_JAR, default ../../server/target/baton.jar) on a free port with a
 * fresh data directory, so this is a first start: admin, demo account, demo inbox and /demo.
 * Resolves once /demo answers (the first start creates it after Spring is up).
 */
export async function startBaton(): Promise<RunningBaton> {
  const jar = resolve(process.env.BATON_JAR || join(e2eDir, '..', '..', 'server', 'target', 'baton.jar'));
  if (!existsSync(jar)) throw new Error(`${jar} is missing: build it first (./mvnw -DskipTests package)`);
  const java = findJava();
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'baton-e2e-'));
  const adminEmail = 'admin@baton.local';
  const adminPassword = 'e2e-admin-password';
  mkdirSync(artifactsDir, { recursive: true });
  const logPath = join(artifactsDir, 'baton.log');
  const log = createWriteStream(logPath);

  const slack = await startFakeSlack();
  process.env.FAKE_SLACK_URL = slack.url; // the tests drive Slack's side (support/slack.ts)
  const child: ChildProcess = spawn(
    java,
    // Private networks allowed: the webhook receivers of the tests listen on loopback.
    // Slack's Web API is a small fake on loopback, and "Add to Slack" has a client (16-slack-install).
    ['-Xmx768m', '-jar', jar, `--baton.data-dir=${dataDir}`, `--server.port=${port}`, '--server.address=127.0.0.1',
      '--baton.webhooks.allow-private-networks=true', `--baton.slack.api-url=${slack.apiUrl}`,
      `--baton.slack.client-id=${slackClient.id}`, `--baton.slack.client-secret=${slackClient.secret}`,
      `--baton.slack.signing-secret=${slackSigningSecret}`, '--baton.slack.poll-interval=200ms'],
    {
      env: serverEnv(port, adminEmail, adminPassword),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  let exited: number | null | undefined;
  child.on('exit', (code) => {
    exited = code;
  });

  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (exited === undefined) {
      child.kill('SIGTERM');
      for (let i = 0; i < 100 && exited === undefined; i++) await sleep(100);
      if (exited === undefined) child.kill('SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
    slack.server.close();
  };

  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (exited !== undefined) {
      await stop();
      throw new Error(`Baton exited with ${exited} during start; see ${logPath}`);
    }
    try {
      const res = await fetch(`${url}/demo`);
      if (res.ok) {
        console.log(`[e2e] Baton ready at ${url} (java ${java}, data ${dataDir}, log ${logPath})`);
        return { url, adminEmail, adminPassword, stop };
      }
    } catch {
      // not listening yet
    }
    await sleep(500);
  }
  await stop();
  throw new Error(`Baton did not start within 180 s; see ${logPath}`);
}
