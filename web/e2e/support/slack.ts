import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A few of Slack's Web API methods on loopback, for the browser test of "Add to Slack": oauth.v2.access (the
 * client's credentials as HTTP Basic, as Slack's SDK sends them) gives a bot token of the workspace "Baton E2E",
 * and the methods the settings page needs next answer for one public channel. The server tests' FakeSlack is the
 * faithful one; this is only what the page shows.
 */
export const slackClient = { id: 'e2e-client-id', secret: 'e2e-client-secret' };

export async function startFakeSlack(): Promise<{ apiUrl: string; server: Server }> {
  const expected = `Basic ${Buffer.from(`${slackClient.id}:${slackClient.secret}`).toString('base64')}`;
  const channel = { id: 'CE2E1', name: 'live-chat', is_channel: true, is_private: false, is_im: false, is_mpim: false, is_archived: false };
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0];
      const answer = (() => {
        switch (method) {
          case 'oauth.v2.access':
            return req.headers.authorization === expected
              ? { ok: true, token_type: 'bot', access_token: 'xoxb-e2e-token', bot_user_id: 'UBOT', team: { id: 'TE2E', name: 'Baton E2E' } }
              : { ok: false, error: 'invalid_client_id' };
          case 'auth.test':
            return { ok: true, team: 'Baton E2E', team_id: 'TE2E', user_id: 'UBOT' };
          case 'conversations.list':
            return { ok: true, channels: [channel], response_metadata: { next_cursor: '' } };
          case 'conversations.info':
          case 'conversations.join':
            return { ok: true, channel };
          default:
            return { ok: false, error: 'unknown_method' };
        }
      })();
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { apiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`, server };
}
