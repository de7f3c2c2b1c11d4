/**
 * Worker of `afis synth`: one synthetic person per task, returned as encoded files (the main
 * thread writes them, so a stopped run never leaves half a file).
 */
import { type OutputFile, type SubjectFilesTask, encodeSubjectFiles } from './synth-files.js';

export async function synthesizeSubjectFiles(task: SubjectFilesTask): Promise<OutputFile[]> {
  return encodeSubjectFiles(task);
}
