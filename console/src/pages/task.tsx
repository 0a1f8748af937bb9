/** Placeholder until the page lands (issue 14). */
import type { Me } from '../session';

export function TaskPage({ me, id }: { me: Me; id: string }) {
  void [me, id];
  return <h1>TaskPage</h1>;
}
