import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Slack's side of the browser tests, on loopback. The server tests' FakeSlack (server/src/test/…/FakeSlack.java) is
 * the faithful one, with fault injection and Socket Mode; it lives in the server's test classes, so the browser tests
 * have this small equivalent speaking the same wire protocol for the methods the admin pages and the seed-000 flow
 * use: oauth.v2.access (the client's credentials as HTTP Basic, as Slack's SDK sends them), auth.test, the channel
 * methods (channels keep members, archived ones keep their names), chat.postMessage/update/postEphemeral with
 * increasing `ts`, users.info, and files shared by Slack users (url_private_download, only with a bot token).
 *
 * The fake runs in Playwright's global setup, the tests in other processes: they read its state and add users and
 * files through `/_fake/…`, and send Slack's signed requests (Events API, interactivity) to Baton themselves.
 */
export const slackClient = { id: 'e2e-client-id', secret: 'e2e-client-secret' };
export const slackSigningSecret = 'e2e-slack-signing-secret-0123456789';
const teamId = 'TE2E';
const botUserId = 'UBOT';

export interface SlackChannel {
  id: string;
  name: string;
  archived: boolean;
  members: string[];
}

export interface SlackMessage {
  channel: string;
  ts: string;
  user: string;
  text: string;
  blocks?: string;
  updates: string[];
}

interface SlackUser {
  id: string;
  name: string;
  email: string;
}

interface SlackFile {
  id: string;
  name: string;
  mimetype: string;
  bytes: Buffer;
}

function read(req: IncomingMessage): Promise<Buffer> {
  return new Promise((ok) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => ok(Buffer.concat(chunks)));
  });
}

/** The parameters of a Web API call: form-encoded as the SDK sends most, or JSON. */
function params(req: IncomingMessage, body: Buffer): Record<string, string> {
  const text = body.toString('utf8');
  if ((req.headers['content-type'] ?? '').startsWith('application/json')) {
    const json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    return Object.fromEntries(Object.entries(json).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
  }
  return Object.fromEntries(new URLSearchParams(text));
}

export async function startFakeSlack(): Promise<{ apiUrl: string; url: string; server: Server }> {
  const expected = `Basic ${Buffer.from(`${slackClient.id}:${slackClient.secret}`).toString('base64')}`;
  const channels = new Map<string, SlackChannel>();
  const messages: SlackMessage[] = [];
  const ephemerals: Record<string, string>[] = [];
  const users = new Map<string, SlackUser>();
  const files = new Map<string, SlackFile>();
  let ids = 100;
  let micros = 1_764_748_800_000_100;
  const nextTs = () => {
    micros += 100;
    return `${Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, '0')}`;
  };
  channels.set('CE2E1', { id: 'CE2E1', name: 'live-chat', archived: false, members: [] });
  users.set(botUserId, { id: botUserId, name: 'baton', email: '' });
  let base = '';

  const channelJson = (c: SlackChannel) => ({
    id: c.id, name: c.name, is_channel: true, is_private: false, is_im: false, is_mpim: false, is_archived: c.archived,
    is_member: c.members.includes(botUserId),
  });
  const refusesPosts = (c: SlackChannel | undefined) =>
    !c ? 'channel_not_found' : c.archived ? 'is_archived' : !c.members.includes(botUserId) ? 'not_in_channel' : null;

  const method = (name: string, p: Record<string, string>, auth: string | undefined): Record<string, unknown> => {
    if (name === 'oauth.v2.access') {
      return auth === expected
        ? { ok: true, token_type: 'bot', access_token: 'xoxb-e2e-token', bot_user_id: botUserId, team: { id: teamId, name: 'Baton E2E' } }
        : { ok: false, error: 'invalid_client_id' };
    }
    if (!auth?.startsWith('Bearer xoxb-')) return { ok: false, error: 'not_authed' };
    const channel = channels.get(p.channel ?? p.channel_id ?? '');
    switch (name) {
      case 'auth.test':
        return { ok: true, team: 'Baton E2E', team_id: teamId, user_id: botUserId };
      case 'conversations.list':
        return { ok: true, channels: [...channels.values()].filter((c) => !c.archived).map(channelJson), response_metadata: { next_cursor: '' } };
      case 'conversations.info':
        return channel ? { ok: true, channel: channelJson(channel) } : { ok: false, error: 'channel_not_found' };
      case 'conversations.join':
        if (!channel) return { ok: false, error: 'channel_not_found' };
        if (!channel.members.includes(botUserId)) channel.members.push(botUserId);
        return { ok: true, channel: channelJson(channel) };
      case 'conversations.create': {
        const wanted = p.name ?? '';
        if (!/^[a-z0-9_-]{1,80}$/.test(wanted)) return { ok: false, error: 'invalid_name_specials' };
        if ([...channels.values()].some((c) => c.name === wanted)) return { ok: false, error: 'name_taken' };
        const c: SlackChannel = { id: `C${++ids}`, name: wanted, archived: false, members: [botUserId] };
        channels.set(c.id, c);
        return { ok: true, channel: channelJson(c) };
      }
      case 'conversations.invite':
        if (!channel) return { ok: false, error: 'channel_not_found' };
        if (channel.archived) return { ok: false, error: 'is_archived' };
        for (const u of (p.users ?? '').split(',')) {
          if (!users.has(u)) return { ok: false, error: 'user_not_found' };
          if (channel.members.includes(u)) return { ok: false, error: 'already_in_channel' };
          channel.members.push(u);
        }
        return { ok: true, channel: channelJson(channel) };
      case 'conversations.archive':
        if (!channel) return { ok: false, error: 'channel_not_found' };
        if (channel.archived) return { ok: false, error: 'already_archived' };
        channel.archived = true;
        return { ok: true };
      case 'chat.postMessage': {
        const refused = refusesPosts(channel);
        if (refused || !channel) return { ok: false, error: refused };
        const ts = nextTs();
        messages.push({ channel: channel.id, ts, user: botUserId, text: p.text ?? '', blocks: p.blocks, updates: [] });
        return { ok: true, channel: channel.id, ts, message: { text: p.text ?? '', ts } };
      }
      case 'chat.update': {
        const m = messages.find((x) => x.channel === p.channel && x.ts === p.ts);
        if (!m) return { ok: false, error: 'message_not_found' };
        m.text = p.text ?? '';
        m.blocks = p.blocks;
        m.updates.push(m.text);
        return { ok: true, channel: m.channel, ts: m.ts, text: m.text };
      }
      case 'chat.postEphemeral':
        ephemerals.push({ channel: p.channel, user: p.user, text: p.text });
        return { ok: true, message_ts: nextTs() };
      case 'users.info': {
        const u = users.get(p.user ?? '');
        if (!u) return { ok: false, error: 'user_not_found' };
        const profile: Record<string, string> = { display_name: u.name, real_name: u.name };
        if (u.email) profile.email = u.email;
        return { ok: true, user: { id: u.id, name: u.name.toLowerCase(), real_name: u.name, profile } };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  };

  const server = createServer(async (req, res) => {
    const body = await read(req);
    const path = (req.url ?? '').split('?')[0];
    const json = (answer: unknown) => res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(answer));
    if (path.startsWith('/api/')) {
      json(method(path.slice('/api/'.length), params(req, body), req.headers.authorization));
    } else if (path.startsWith('/files/')) {
      // url_private_download: the bytes only with a bot token; Slack sends others to its login page
      const file = files.get(path.split('/')[2] ?? '');
      if (!req.headers.authorization?.startsWith('Bearer xoxb-') || !file) {
        res.writeHead(req.headers.authorization ? 404 : 302).end();
      } else {
        res.writeHead(200, { 'content-type': file.mimetype }).end(file.bytes);
      }
    } else if (path === '/_fake/state') {
      json({ channels: [...channels.values()], messages, ephemerals });
    } else if (path === '/_fake/users') {
      const { name, email } = JSON.parse(body.toString('utf8')) as { name: string; email: string };
      const user = { id: `U${++ids}`, name, email };
      users.set(user.id, user);
      json(user);
    } else if (path === '/_fake/files') {
      const { name, mimetype, base64 } = JSON.parse(body.toString('utf8')) as { name: string; mimetype: string; base64: string };
      const file = { id: `F${++ids}`, name, mimetype, bytes: Buffer.from(base64, 'base64') };
      files.set(file.id, file);
      // as a message event's `files` describes it
      json({
        id: file.id, name, title: name, mimetype, filetype: 'auto', size: file.bytes.length, mode: 'hosted',
        url_private: `${base}/files/${file.id}/${name}`, url_private_download: `${base}/files/${file.id}/download/${name}`,
      });
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { apiUrl: `${base}/api/`, url: base, server };
}

// ---- the tests' end: Slack's state, and Slack's signed requests to Baton

const fakeUrl = () => {
  const url = process.env.FAKE_SLACK_URL;
  if (!url) throw new Error('FAKE_SLACK_URL is not set: the global setup starts the fake Slack');
  return url;
};

export async function slackState(): Promise<{ channels: SlackChannel[]; messages: SlackMessage[]; ephemerals: Record<string, string>[] }> {
  return (await fetch(`${fakeUrl()}/_fake/state`)).json();
}

export async function slackUser(name: string, email: string): Promise<SlackUser> {
  return (await fetch(`${fakeUrl()}/_fake/users`, { method: 'POST', body: JSON.stringify({ name, email }) })).json();
}

/** A file a Slack user shares: kept by the fake; returns it as a message event's `files` carries it. */
export async function slackFile(name: string, mimetype: string, bytes: Buffer): Promise<Record<string, unknown>> {
  return (await fetch(`${fakeUrl()}/_fake/files`, {
    method: 'POST',
    body: JSON.stringify({ name, mimetype, base64: bytes.toString('base64') }),
  })).json();
}

/** Posts to Baton as Slack does: `v0=` HMAC-SHA256 of `v0:{timestamp}:{body}` with the app's signing secret. */
async function signed(path: string, contentType: string, body: string): Promise<number> {
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', slackSigningSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  const res = await fetch(`${process.env.BATON_URL}${path}`, {
    method: 'POST',
    headers: { 'content-type': contentType, 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature },
    body,
  });
  return res.status;
}

/** A block_actions payload: `user` pressed the button `actionId` (value) on the message `ts` of `channel`. */
export async function slackClick(user: SlackUser, channel: string, ts: string, actionId: string, value: string): Promise<number> {
  const payload = {
    type: 'block_actions',
    team: { id: teamId, domain: 'baton-e2e' },
    user: { id: user.id, username: user.name.toLowerCase(), team_id: teamId },
    api_app_id: 'AE2E',
    container: { type: 'message', message_ts: ts, channel_id: channel, is_ephemeral: false },
    channel: { id: channel },
    response_url: `${fakeUrl()}/response/${ts}`,
    actions: [{ action_id: actionId, block_id: 'lc', type: 'button', value, action_ts: `${Date.now() / 1000}` }],
  };
  return signed('/slack/interactivity', 'application/x-www-form-urlencoded', `payload=${encodeURIComponent(JSON.stringify(payload))}`);
}

let events = 0;

/** A message event from `user` in `channel` (with `extra`, such as a file_share's files), as the Events API sends it. */
export async function slackSay(user: SlackUser, channel: string, text: string, extra: Record<string, unknown> = {}): Promise<number> {
  const event = { type: 'message', channel, user: user.id, text, ts: `${Math.floor(Date.now() / 1000)}.${String(++events).padStart(6, '0')}`, channel_type: 'channel', ...extra };
  const envelope = { token: 'legacy', team_id: teamId, api_app_id: 'AE2E', type: 'event_callback', event_id: `EvE2E${Date.now()}${events}`, event_time: Math.floor(Date.now() / 1000), event };
  return signed('/slack/events', 'application/json', JSON.stringify(envelope));
}
