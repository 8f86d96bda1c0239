import { createContext, useContext } from 'react';
import type { CaptionFacts } from './figure-caption.ts';

/** What every chart's caption shares (the source, query, view and counts), set by the view. */
export type SharedCaption = Omit<CaptionFacts, 'chart' | 'date'> & {
  /** Starts every chart's file name: the modality. */
  readonly fileStem: string;
};

const CaptionContext = createContext<SharedCaption | null>(null);

export const CaptionProvider = CaptionContext.Provider;

/** The shared caption, or null outside the Charts view (no downloads offered then). */
export function useSharedCaption(): SharedCaption | null {
  return useContext(CaptionContext);
}
