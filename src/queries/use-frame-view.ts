import { useEffect, useState } from 'react';
import type { Frame } from '../../frame/frame.ts';
import { computeView, type FrameView } from '../../frame/view.ts';
import type { ViewSpec } from '../../frame/view-spec.ts';

export interface FrameViewState {
  /** The latest finished view (kept while a newer one computes, so the table doesn't blank). */
  view: FrameView | null;
  /** A newer view is being computed. */
  pending: boolean;
  error: string | null;
}

/** The rows of `spec` over `frame`, recomputed when either changes; the latest request wins. */
export function useFrameView(frame: Frame | null, spec: ViewSpec): FrameViewState {
  const [state, setState] = useState<FrameViewState>({ view: null, pending: false, error: null });
  useEffect(() => {
    if (!frame) {
      setState({ view: null, pending: false, error: null });
      return;
    }
    let live = true;
    setState((s) => ({ ...s, view: s.view, pending: true, error: null }));
    computeView(frame, spec).then(
      (view) => {
        if (live) setState({ view, pending: false, error: null });
      },
      (error: unknown) => {
        if (!live) return;
        const message = error instanceof Error ? error.message : String(error);
        setState((s) => ({ ...s, pending: false, error: message }));
      },
    );
    return () => {
      live = false;
    };
  }, [frame, spec]);
  return state;
}
