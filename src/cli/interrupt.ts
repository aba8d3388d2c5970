/**
 * Ctrl-C (SIGINT) and SIGTERM. bin/ owns the process's signal handlers (only
 * bin/ ends the process); a command that can stop cleanly (a run, a watch)
 * claims the first signal while it works, and bin/ ends the process itself
 * when nothing claimed it, or at the second signal.
 */
export type StopSignal = 'SIGINT' | 'SIGTERM';

/** The exit code of a process stopped by `sig`: 128 + the signal's number, as a shell reports it. */
export const SIGNAL_EXIT: Record<StopSignal, number> = { SIGINT: 130, SIGTERM: 143 };

type Handler = (sig: StopSignal) => void;
const handlers = new Set<Handler>();

/** Claims stop signals until the returned function is called. */
export function onInterrupt(handler: Handler): () => void {
  handlers.add(handler);
  return () => handlers.delete(handler);
}

/** Passes a signal to the commands that claimed it; false when none did. */
export function deliverInterrupt(sig: StopSignal): boolean {
  if (handlers.size === 0) return false;
  for (const h of [...handlers]) h(sig);
  return true;
}

/** An AbortSignal aborted at the first stop signal (its reason is the signal's name), and a release. */
export function interruptSignal(): { signal: AbortSignal; release: () => void; stoppedBy: () => StopSignal | null } {
  const controller = new AbortController();
  let stoppedBy: StopSignal | null = null;
  const release = onInterrupt((sig) => {
    if (stoppedBy) return;
    stoppedBy = sig;
    controller.abort(sig);
  });
  return { signal: controller.signal, release, stoppedBy: () => stoppedBy };
}
