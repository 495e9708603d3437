import { Button, Card, CardBody, CardHeader, Spinner } from '@wordpress/components';
import { useDispatch, useSelect } from '@wordpress/data';
import { __, sprintf } from '@wordpress/i18n';
import { ErrorNotice } from '../../components/error-notice';
import { RunStatus } from '../../components/run-status';
import { contextStore } from '../../store/context';
import { dashboardStore } from '../../store/dashboard';

const STAGES = [
  { key: 'keywords', label: () => __('Keywords', 'igny8-bridge'), page: 'igny8-keywords' },
  { key: 'clusters', label: () => __('Clusters', 'igny8-bridge'), page: 'igny8-clusters' },
  { key: 'ideas', label: () => __('Ideas', 'igny8-bridge'), page: 'igny8-ideas' },
  { key: 'tasks', label: () => __('Tasks', 'igny8-bridge'), page: 'igny8-tasks' },
  { key: 'content', label: () => __('Content', 'igny8-bridge'), page: 'igny8-content' },
  { key: 'images', label: () => __('Images', 'igny8-bridge'), page: 'igny8-content' },
] as const;

/** Credits, how far the sector's pipeline has got, and the latest AI runs. */
export function DashboardPage() {
  const { siteId, sectorId, credits } = useSelect(
    (select) => ({
      siteId: select(contextStore).getSiteId(),
      sectorId: select(contextStore).getSectorId(),
      credits: select(contextStore).getCredits(),
    }),
    [],
  );
  const { pipeline, pipelineError, runs, runsError } = useSelect(
    (select) => {
      const store = select(dashboardStore);
      return siteId === null
        ? { pipeline: undefined, pipelineError: undefined, runs: undefined, runsError: undefined }
        : {
            pipeline: store.getPipeline(siteId, sectorId),
            pipelineError: store.getError('pipeline', siteId, sectorId),
            runs: store.getRecentRuns(siteId),
            runsError: store.getError('runs', siteId),
          };
    },
    [siteId, sectorId],
  );
  const { refresh } = useDispatch(dashboardStore);
  const { refreshCredits } = useDispatch(contextStore);

  return (
    <div className="igny8-dashboard">
      <Card className="igny8-card igny8-credits">
        <CardHeader>
          <h2>{__('Credits', 'igny8-bridge')}</h2>
        </CardHeader>
        <CardBody>
          {credits ? (
            <>
              <p className="igny8-credits__balance">
                {sprintf(/* translators: %d: credits available */ __('%d available', 'igny8-bridge'), credits.balance)}
              </p>
              <p className="igny8-credits__split">
                {sprintf(
                  /* translators: 1: plan credits, 2: bonus credits */
                  __('%1$d from the plan, %2$d bonus (plan credits are spent first)', 'igny8-bridge'),
                  credits.plan_credits,
                  credits.bonus_credits,
                )}
              </p>
            </>
          ) : (
            <p>{__('The balance could not be read.', 'igny8-bridge')}</p>
          )}
        </CardBody>
      </Card>

      <Card className="igny8-card igny8-pipeline">
        <CardHeader>
          <h2>{__('Pipeline', 'igny8-bridge')}</h2>
          <Button
            variant="secondary"
            onClick={() => {
              refresh();
              void refreshCredits();
            }}
          >
            {__('Refresh', 'igny8-bridge')}
          </Button>
        </CardHeader>
        <CardBody>
          <ErrorNotice error={pipelineError} />
          {!pipeline && !pipelineError ? <Spinner /> : null}
          {pipeline ? (
            <ul className="igny8-pipeline__stages">
              {STAGES.map((stage) => {
                const counts = pipeline[stage.key];
                return (
                  <li key={stage.key} className="igny8-pipeline__stage">
                    <a href={`admin.php?page=${stage.page}`}>
                      <span className="igny8-pipeline__count">{counts?.total ?? 0}</span>
                      <span className="igny8-pipeline__label">{stage.label()}</span>
                    </a>
                    {counts?.by_status ? (
                      <span className="igny8-pipeline__statuses">
                        {Object.entries(counts.by_status)
                          .filter(([, count]) => count > 0)
                          .map(([status, count]) => `${status} ${count}`)
                          .join(' · ')}
                      </span>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          ) : null}
        </CardBody>
      </Card>

      <Card className="igny8-card igny8-recent-runs">
        <CardHeader>
          <h2>{__('Recent AI tasks', 'igny8-bridge')}</h2>
        </CardHeader>
        <CardBody>
          <ErrorNotice error={runsError} />
          {!runs && !runsError ? <Spinner /> : null}
          {runs && runs.length === 0 ? <p>{__('No AI tasks yet.', 'igny8-bridge')}</p> : null}
          {runs && runs.length > 0 ? (
            <table className="widefat striped">
              <thead>
                <tr>
                  <th scope="col">{__('Task', 'igny8-bridge')}</th>
                  <th scope="col">{__('Status', 'igny8-bridge')}</th>
                  <th scope="col">{__('Credits', 'igny8-bridge')}</th>
                  <th scope="col">{__('Started', 'igny8-bridge')}</th>
                </tr>
              </thead>
              <tbody>
                {runs.map((run) => (
                  <tr key={run.task_id}>
                    <td>{run.function.replace(/_/g, ' ')}</td>
                    <td>
                      <RunStatus run={run} />
                    </td>
                    <td>{run.credits}</td>
                    <td>{new Date(run.created_at).toLocaleString()}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </CardBody>
      </Card>
    </div>
  );
}
