import { request } from '../api/http';
import type { Profile } from '../api/types';

export const profileKey = ['profile'] as const;

export function fetchProfile(): Promise<Profile> {
  return request<Profile>('/api/v1/profile');
}

export async function signIn(email: string, password: string): Promise<Profile> {
  const response = await request<{ data: Profile }>('/auth/sign_in', { method: 'POST', body: { email, password } });
  return response.data;
}

export function signOut(): Promise<void> {
  return request<void>('/auth/sign_out', { method: 'DELETE' });
}

/** A new personal access token (Chatwoot's reset_access_token); the answer is the only place it is shown. */
export function resetAccessToken(): Promise<Profile> {
  return request<Profile>('/api/v1/profile/reset_access_token', { method: 'POST' });
}

/** What an invitation link shows before it is accepted. */
export interface InvitationPreview {
  account_id: number;
  account_name: string;
  email: string;
  name: string;
  role: string;
  inviter_name: string | null;
  expires_at: number;
  sign_up: boolean;
}

export function fetchInvitation(token: string): Promise<InvitationPreview> {
  return request<InvitationPreview>(`/auth/invitations/${encodeURIComponent(token)}`);
}

/** Accepts: signed in as the invitee (no body), with their password, or signing up with a name and a new password. */
export async function acceptInvitation(token: string, body: { name?: string; password?: string }): Promise<Profile> {
  const response = await request<{ data: Profile }>(`/auth/invitations/${encodeURIComponent(token)}/accept`, {
    method: 'POST',
    body,
  });
  return response.data;
}

/** A new avatar from an image file (PNG, JPEG, GIF; resized by the server to 256×256); answers the profile. */
export function uploadAvatar(file: File): Promise<Profile> {
  const form = new FormData();
  form.append('avatar', file);
  return request<Profile>('/api/v1/profile/avatar', { method: 'POST', body: form });
}
