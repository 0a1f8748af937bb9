/** Placeholder until the page lands (issue 14). */
import type { Me } from '../session';

export function TemplatePage({ me, name, version }: { me: Me; name: string; version?: string | undefined }) {
  void [me, name, version];
  return <h1>TemplatePage</h1>;
}
