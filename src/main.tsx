// First: the app database opens while the rest is evaluated (open-store-early.ts says why).
import './app/open-store-early.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.tsx';
import { loadLongFilterOf } from './features/query/long-filters.ts';
import { QueryProvider } from './queries/query-provider.tsx';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
// A long field filter is kept in IndexedDB, the address naming it (whereRef=): read it first,
// so the app never starts on the query without its filter.
void loadLongFilterOf(window.location.search).finally(() => {
  createRoot(root).render(
    <StrictMode>
      <QueryProvider>
        <App />
      </QueryProvider>
    </StrictMode>,
  );
});
