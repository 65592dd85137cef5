import { configure } from '@testing-library/react';
import '@testing-library/jest-dom';

// Recharts' ResponsiveContainer observes its size; jsdom has no ResizeObserver.
class NoopResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}

if (!('ResizeObserver' in globalThis)) {
  Object.defineProperty(globalThis, 'ResizeObserver', {
    value: NoopResizeObserver,
    writable: true,
  });
}

// Lazy-loaded cards render after their chunk loads, which takes longer than
// the default second when the machine is busy (the whole suite runs at once).
configure({ asyncUtilTimeout: 10_000 });
