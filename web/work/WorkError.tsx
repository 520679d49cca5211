import { Alert } from '@mantine/core';

/** A part of the home page that could not load: says which, and why, without taking the page down. */
export function WorkError({ title, error }: { title: string; error: Error }) {
  return (
    <Alert color="red" variant="light" title={title}>
      {error.message}
    </Alert>
  );
}
