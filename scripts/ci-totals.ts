// Sums Vitest JSON reports and prints the closing line CI reads: "N passed, N failed, N skipped".
// A test file that failed without a failing test (a crashed hook or import) counts as one failure.
// Exits 1 when a report is missing (its run crashed) or anything failed.
import { existsSync, readFileSync } from 'node:fs';

interface VitestReport {
  numPassedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: Array<{
    name: string;
    status: string;
    message?: string;
    assertionResults: Array<{ status: string }>;
  }>;
}

let passed = 0;
let failed = 0;
let skipped = 0;
let missing = false;
for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    console.log(`${file}: no report (the run did not finish)`);
    missing = true;
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8')) as VitestReport;
  let reportFailed = 0;
  for (const result of report.testResults) {
    const failedTests = result.assertionResults.filter((test) => test.status === 'failed').length;
    if (result.status === 'failed' && failedTests === 0)
      console.log(`${result.name}: failed outside any test`);
    reportFailed += result.status === 'failed' ? Math.max(failedTests, 1) : failedTests;
  }
  passed += report.numPassedTests;
  failed += reportFailed;
  skipped += report.numPendingTests + report.numTodoTests;
  console.log(`${file}: ${report.numPassedTests} passed, ${reportFailed} failed`);
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || missing ? 1 : 0);
