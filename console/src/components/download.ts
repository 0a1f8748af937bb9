/**
 * Downloads of what the API answers to a signed-in call (a case's history, its timeline as CSV). A plain
 * link cannot carry the bearer token, so the file is fetched with it, kept as a Blob, and saved through an
 * object URL; the URL is handed back so the page can offer the same file again as an ordinary link.
 */
import { request } from '../api';

export interface Downloaded {
  url: string;
  filename: string;
}

/** Fetches `path` with the token and saves it as `filename`; the caller revokes `url` when done with it. */
export async function downloadFile(path: string, filename: string, accept?: string): Promise<Downloaded> {
  const res = await request(path, accept ? { accept } : {});
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  return { url, filename };
}
