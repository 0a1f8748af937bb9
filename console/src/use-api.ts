/**
 * Loading a resource for a page: its data, the problem if the API refused, and `reload`. `every` refreshes it
 * in the background without a reload of the page (the inbox), pausing while the tab is hidden.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiProblem } from './api';

export interface Loaded<T> {
  data: T | undefined;
  problem: ApiProblem | undefined;
  loading: boolean;
  reload: () => Promise<void>;
}

export function useApi<T>(path: string | undefined, every?: number): Loaded<T> {
  const [data, setData] = useState<T>();
  const [problem, setProblem] = useState<ApiProblem>();
  const [loading, setLoading] = useState(path !== undefined);
  const current = useRef(path);
  current.current = path;

  const reload = useCallback(async () => {
    if (!path) return;
    setLoading(true);
    try {
      const value = await api<T>(path);
      // A newer path (a filter changed) may have been asked meanwhile: keep only its answer.
      if (current.current !== path) return;
      setData(value);
      setProblem(undefined);
    } catch (err) {
      if (current.current !== path) return;
      setProblem(err instanceof ApiProblem ? err : new ApiProblem(0, String(err), undefined, []));
    } finally {
      if (current.current === path) setLoading(false);
    }
  }, [path]);

  useEffect(() => {
    void reload();
    if (!every) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void reload();
    }, every);
    return () => clearInterval(timer);
  }, [reload, every]);

  return { data, problem, loading, reload };
}
