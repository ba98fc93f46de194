/** A chart's frame: its title, the chart as one labelled image, and the same figures as a table for screen readers. */
import * as React from 'react';
import { Box, Flex, Table, Tbody, Td, Th, Thead, Tr, Typography, VisuallyHidden } from '@strapi/design-system';

export const ChartFrame = ({
  id,
  title,
  summary,
  columns,
  rows,
  empty,
  height = '28rem',
  children,
}: {
  id: string;
  title: string;
  /** What the chart shows, in a sentence: the image's accessible name. */
  summary: string;
  /** The text alternative: the chart's figures as a table. */
  columns: string[];
  rows: (string | number)[][];
  /** Shown instead of the chart when there is nothing to draw. */
  empty?: string;
  /** The chart's height (CSS), when it needs more than the usual 28rem. */
  height?: string;
  children: React.ReactNode;
}) => (
  <Box tag="section" background="neutral0" hasRadius shadow="tableShadow" padding={5} aria-labelledby={`${id}-title`} data-testid={id}>
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Typography variant="delta" tag="h2" id={`${id}-title`}>
        {title}
      </Typography>
      {empty ? (
        <Typography textColor="neutral600">{empty}</Typography>
      ) : (
        <>
          <Box role="img" aria-label={summary} height={height} minHeight="28rem">
            {children}
          </Box>
          <VisuallyHidden>
            <Table colCount={columns.length} rowCount={rows.length + 1}>
              <Thead>
                <Tr>
                  {columns.map((c) => (
                    <Th key={c}>{c}</Th>
                  ))}
                </Tr>
              </Thead>
              <Tbody>
                {rows.map((r, i) => (
                  <Tr key={i}>
                    {r.map((cell, j) => (
                      <Td key={j}>{cell}</Td>
                    ))}
                  </Tr>
                ))}
              </Tbody>
            </Table>
          </VisuallyHidden>
        </>
      )}
    </Flex>
  </Box>
);
