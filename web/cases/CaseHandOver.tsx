import { Button } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { type CaseDetail, useCaseHandOver } from '../api/cases.ts';
import { UnitHandOverDialog } from '../reports/TriageActions.tsx';

/** Hand the case to another unit's team; afterwards the case page or, when out of sight, the inbox. */
export function CaseHandOver({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const handOver = useCaseHandOver(detail.id);
  return (
    <>
      <Button variant="default" onClick={() => setOpen(true)}>
        {t('reports.actions.handOver')}
      </Button>
      {open && (
        <UnitHandOverDialog
          currentUnitId={detail.unit.id}
          intro={t('reports.actions.caseHandOverIntro')}
          pending={handOver.isPending}
          error={handOver.error}
          onClose={() => setOpen(false)}
          onSubmit={(unitId, reason) =>
            handOver.mutate(
              { unitId, reason },
              {
                onSuccess: (moved) => {
                  setOpen(false);
                  if (!moved) void navigate('/inbox');
                },
              },
            )
          }
        />
      )}
    </>
  );
}
