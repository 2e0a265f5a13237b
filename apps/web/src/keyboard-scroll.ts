/**
 * A table wider than the screen scrolls sideways inside its own box (antd's .ant-table-content);
 * without a focusable element in it, a keyboard user could not scroll it (WCAG 2.1.1, axe's
 * scrollable-region-focusable). antd gives that box no props, so every one that appears is made
 * focusable here and named, once.
 */
export function keepTablesKeyboardScrollable(root: HTMLElement): () => void {
  const mark = () => {
    for (const box of root.querySelectorAll<HTMLElement>('.ant-table-content:not([tabindex])')) {
      box.tabIndex = 0;
      box.setAttribute('role', 'region');
      box.setAttribute('aria-label', '表格（可左右滚动）');
    }
  };
  mark();
  const observer = new MutationObserver(mark);
  observer.observe(root, { childList: true, subtree: true });
  return () => observer.disconnect();
}
