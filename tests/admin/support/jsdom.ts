/**
 * Browser APIs the design system (Radix UI, Floating UI) calls and jsdom lacks. Imported by each
 * component test before rendering.
 */
class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}

class IntersectionObserverStub {
  readonly root = null;
  readonly rootMargin = '';
  readonly thresholds = [];
  observe() {}
  unobserve() {}
  disconnect() {}
  takeRecords() {
    return [];
  }
}

const w = window as any;
if (!w.ResizeObserver) w.ResizeObserver = ResizeObserverStub;
if (!w.IntersectionObserver) w.IntersectionObserver = IntersectionObserverStub;
if (!w.matchMedia) {
  w.matchMedia = (query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener() {},
    removeListener() {},
    addEventListener() {},
    removeEventListener() {},
    dispatchEvent: () => false,
  });
}
const proto = w.HTMLElement.prototype;
if (!proto.scrollIntoView) proto.scrollIntoView = () => {};
if (!proto.hasPointerCapture) proto.hasPointerCapture = () => false;
if (!proto.releasePointerCapture) proto.releasePointerCapture = () => {};

export {};
