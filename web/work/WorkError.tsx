import { ErrorNotice } from '../components/ErrorNotice.tsx';

/** A part of the home page that could not load: says which, and what to do, without taking the page down. */
export function WorkError({ title, error }: { title: string; error: Error }) {
  return <ErrorNotice error={error} title={title} />;
}
