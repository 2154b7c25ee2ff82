import type { FullConfig } from '@playwright/test';
import { startBaton } from './support/baton';

/** Starts one Baton for the whole run; its address goes to the tests in BATON_URL. */
export default async function globalSetup(_config: FullConfig) {
  const baton = await startBaton();
  process.env.BATON_URL = baton.url;
  process.env.BATON_ADMIN_EMAIL = baton.adminEmail;
  process.env.BATON_ADMIN_PASSWORD = baton.adminPassword;
  return async () => {
    await baton.stop();
  };
}
