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
