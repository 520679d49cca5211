import { useCallback, useEffect, useRef, useState } from 'react';
import type { AssessmentAnswer, AssessmentAnswers, AssessmentDetail } from '../api/assessments.ts';
import { useSaveAnswers } from '../api/assessments.ts';

// The answers of a draft as the user edits them: kept here, saved a moment after the last change (the
// server replaces the whole answer set and answers the recomputed suggestion), one save at a time, the
// latest answers always last. What the server sends back in between (live updates) does not overwrite
// what the user is typing.

const SAVE_DELAY_MS = 600;

export type SaveState = 'saved' | 'pending' | 'saving' | 'failed';

/** Drops empty parts, so the server stores what was said and nothing else. */
function cleaned(answers: AssessmentAnswers): AssessmentAnswers {
  const out: AssessmentAnswers = {};
  for (const [itemId, answer] of Object.entries(answers)) {
    const next: AssessmentAnswer = { value: answer.value ?? null };
    if (answer.trend) next.trend = answer.trend;
    if (answer.note?.trim()) next.note = answer.note;
    if (answer.evidence && answer.evidence.length > 0) next.evidence = answer.evidence;
    if (next.value !== null || next.trend || next.note || next.evidence) out[itemId] = next;
  }
  return out;
}

export function useAnswerDraft(caseId: string, detail: AssessmentDetail) {
  const save = useSaveAnswers(caseId, detail.id);
  const [answers, setAnswers] = useState<AssessmentAnswers>(() => detail.answers);
  const [state, setState] = useState<SaveState>('saved');
  const [error, setError] = useState<Error | null>(null);
  const latest = useRef(answers);
  const dirty = useRef(false);
  const inFlight = useRef<Promise<unknown> | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const { mutateAsync } = save;

  /** Saves the latest answers now (after a save in flight); resolves when they are stored. */
  const flush = useCallback(async (): Promise<boolean> => {
    if (timer.current) {
      clearTimeout(timer.current);
      timer.current = null;
    }
    while (inFlight.current) await inFlight.current.catch(() => undefined);
    if (!dirty.current) return true;
    dirty.current = false;
    setState('saving');
    const sending = mutateAsync(cleaned(latest.current));
    inFlight.current = sending;
    try {
      await sending;
      setError(null);
      setState(dirty.current ? 'pending' : 'saved');
      return true;
    } catch (failure) {
      dirty.current = true;
      setError(failure instanceof Error ? failure : new Error(String(failure)));
      setState('failed');
      return false;
    } finally {
      inFlight.current = null;
    }
  }, [mutateAsync]);

  const change = useCallback(
    (itemId: string, answer: AssessmentAnswer) => {
      setAnswers((previous) => {
        const next = { ...previous, [itemId]: answer };
        latest.current = next;
        return next;
      });
      dirty.current = true;
      setState('pending');
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush(), SAVE_DELAY_MS);
    },
    [flush],
  );

  // Leaving the page saves what is not saved yet.
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
      if (dirty.current) void mutateAsync(cleaned(latest.current)).catch(() => undefined);
    },
    [mutateAsync],
  );

  return { answers, change, flush, state, error };
}
