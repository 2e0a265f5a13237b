import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from './api';

export interface Loaded<T> {
  data?: T;
  error?: ApiError;
  loading: boolean;
  reload(): void;
}

/** Runs `load` when `deps` change and on reload(); keeps the last data while reloading. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: true });
  const [round, setRound] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    const mine = ++latest.current;
    setState((previous) => ({ ...previous, loading: true }));
    load().then(
      (data) => mine === latest.current && setState({ data, loading: false }),
      (error: unknown) => mine === latest.current && setState({ error: asApiError(error), loading: false }),
    );
    // `load` is a new closure each render; the caller names what it depends on in `deps`.
  }, [...deps, round]);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  return { ...state, reload };
}

export function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(-1, '出错了', '页面出错，请刷新后重试', [], 'internal_error');
}

/**
 * Reads until `fresh` holds, at most `attempts` times: pages read the projection, which follows an
 * action's answer by a moment, so right after an action a read can still show the state before it.
 */
export async function readUntil<T>(read: () => Promise<T>, fresh: (value: T) => boolean, attempts = 20, pauseMs = 250): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const value = await read();
    if (fresh(value) || attempt >= attempts) return value;
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
}

/**
 * useLoad for what an action changes: `reloadUntil(fresh)` reads again until the projection shows
 * what the action's answer said (see readUntil); a plain reload reads once.
 */
export function useLoadAfterActions<T>(
  read: () => Promise<T>,
  deps: unknown[],
): Loaded<T> & { reloadUntil(fresh: (value: T) => boolean): void } {
  const awaited = useRef<(value: T) => boolean>(undefined);
  const loaded = useLoad(() => {
    const fresh = awaited.current;
    awaited.current = undefined;
    return fresh ? readUntil(read, fresh) : read();
  }, deps);
  const { reload } = loaded;
  const reloadUntil = useCallback(
    (fresh: (value: T) => boolean) => {
      awaited.current = fresh;
      reload();
    },
    [reload],
  );
  return { ...loaded, reloadUntil };
}
