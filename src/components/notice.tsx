import type { ReactNode } from 'react';

export type NoticeTone = 'info' | 'warning' | 'synthetic';

interface NoticeProps {
  tone: NoticeTone;
  /** 'status' when the notice appears after something happened (screen readers announce it). */
  role?: 'note' | 'status';
  children: ReactNode;
}

/** A calm, bordered box for messages that sit beside a form rather than interrupt it. */
export function Notice({ tone, role = 'note', children }: NoticeProps) {
  return (
    <div className={`notice notice-${tone}`} role={role}>
      {children}
    </div>
  );
}
