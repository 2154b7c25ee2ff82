// Pure helpers for images in the composer and in messages.
import { ApiError } from '../api/http';
import type { Attachment } from '../api/types';

/** The image types Baton accepts (it checks the bytes; the browser's type is only a first filter). */
export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;
export const IMAGE_ACCEPT = IMAGE_TYPES.join(',');

export function isAcceptedImage(file: Pick<File, 'type'>): boolean {
  return (IMAGE_TYPES as readonly string[]).includes(file.type);
}

/**
 * Splits picked, pasted or dropped files into the images to attach and the rest (which the
 * composer names as refused instead of sending them to be refused by the server).
 */
export function partitionImages<F extends Pick<File, 'type'>>(files: Iterable<F>): { images: F[]; rejected: F[] } {
  const images: F[] = [];
  const rejected: F[] = [];
  for (const f of files) (isAcceptedImage(f) ? images : rejected).push(f);
  return { images, rejected };
}

/** The image files of a paste or drop (clipboard items of kind "file"; screenshots come as image/png). */
export function filesOf(data: Pick<DataTransfer, 'files' | 'items'> | null): File[] {
  if (!data) return [];
  if (data.files && data.files.length > 0) return Array.from(data.files);
  const out: File[] = [];
  for (const item of Array.from(data.items ?? [])) {
    if (item.kind === 'file') {
      const f = item.getAsFile();
      if (f) out.push(f);
    }
  }
  return out;
}

export function imageAttachments(attachments: readonly Attachment[] | null | undefined): Attachment[] {
  return (attachments ?? []).filter((a) => a.file_type === 'image' || a.content_type?.startsWith('image/'));
}

/** The stable error codes of a refused send that get their own text; anything else is a plain failure. */
const KNOWN_CODES = ['payload_too_large', 'unsupported_file_type', 'message_too_long', 'message_empty', 'too_many_attachments'] as const;
export type SendErrorCode = (typeof KNOWN_CODES)[number];

/**
 * Which translated text explains why the server refused a message, by its stable code. More files
 * than allowed come as validation_failed with an `attachments` `length` field error.
 */
export function sendErrorCode(error: unknown): SendErrorCode | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const problem = error.problem;
  if (problem.errors?.some((e) => e.field === 'attachments' && e.code === 'length')) return 'too_many_attachments';
  if (problem.errors?.some((e) => e.code === 'unsupported_file_type')) return 'unsupported_file_type';
  if (error.status === 413) return 'payload_too_large';
  const code = problem.code as SendErrorCode | undefined;
  return code && (KNOWN_CODES as readonly string[]).includes(code) ? code : undefined;
}

/** A refusal that the same request would get again: retrying it is pointless. */
export function isFinalRefusal(error: unknown): boolean {
  return error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429;
}

/** Automatic tries of a send after the first: a node restarting behind the balancer answers 502 for a moment. */
export const SEND_RETRIES = 4;

/**
 * Whether a failed send is tried again by itself (the same echo_id, so the server stores it once): network errors,
 * 5xx, 408 and 429, up to {@link SEND_RETRIES} times; a final refusal never.
 */
export function retriesSend(failures: number, error: unknown): boolean {
  return failures < SEND_RETRIES && !isFinalRefusal(error);
}

/**
 * One queue of sends per conversation: a reply being tried again holds back the ones typed after it, so the visitor
 * reads them in the order the agent sent them (TanStack Query runs mutations of one scope one after another).
 */
export function sendScope(accountId: number, conversationId: number): { id: string } {
  return { id: `send:${accountId}:${conversationId}` };
}

/** 0.5 s, 1 s, 2 s, 4 s: about 7.5 s in all before the message shows as failed with its Retry button. */
export function sendRetryDelay(failures: number): number {
  return Math.min(4000, 500 * 2 ** failures);
}

/** "48 KB", "1.2 MB": for the preview's labels. */
export function fileSizeText(bytes: number, locale: string): string {
  const units = ['B', 'KB', 'MB'];
  let n = bytes;
  let u = 0;
  while (n >= 1024 && u < units.length - 1) {
    n /= 1024;
    u++;
  }
  const digits = u === 0 || n >= 10 ? 0 : 1;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(n)} ${units[u]}`;
}
