import { Table, type TableProps } from 'tdesign-react';

/**
 * tdesign's Table that turns into a stack of cards on a phone (admin.css `.stacked-table`, ≤ 640 px):
 * each row a card, each cell a line headed by its column's title, so nothing scrolls sideways.
 * Every list screen uses this instead of Table (tests/e2e/everyScreenFits.test.ts walks them at 390 px).
 */
export const StackedTable = <T extends Record<string, any>>({ columns = [], className, ...rest }: TableProps<T>) => (
  <Table<T>
    {...rest}
    className={['stacked-table', className].filter(Boolean).join(' ')}
    columns={columns.map((c) => ({ ...c, attrs: { 'data-label': typeof c.title === 'string' ? c.title : '', ...(typeof c.attrs === 'object' ? c.attrs : {}) } }))}
  />
);
