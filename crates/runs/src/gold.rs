//! Scoring gold sentences without a full run: the text stages over the gold documents, then
//! stance for the sentences that overlap a gold span (each with its previous sentence as
//! context, as in a run), so a model can be evaluated in seconds.

use std::path::{Path, PathBuf};

use demarche_stance::eval::Predicted;
use demarche_stance::Example;

use crate::pipeline::Pipeline;
use crate::{Config, Error};

/// Stance predictions for the sentences of `root`/`doc` that overlap the gold rows' spans.
pub fn stance_predictions(config: &Config, root: &Path, gold: &[Example]) -> Result<Vec<Predicted>, Error> {
    let mut config = config.clone();
    config.ner.enabled = false;
    config.stance.enabled = true;
    let pipeline = Pipeline::new(&config)?;
    let mut docs: Vec<&str> = gold.iter().map(|g| g.doc.as_str()).collect();
    docs.sort_unstable();
    docs.dedup();
    let mut out = Vec::new();
    for doc in docs {
        // Gold documents live under `root` (../shared), else in the project (a dev slice of
        // outside statements keeps its own documents), relative to the working directory.
        let path = Some(root.join(doc)).filter(|p| p.exists()).unwrap_or_else(|| PathBuf::from(doc));
        let (inputs, problems) = demarche_ingest::walk(std::slice::from_ref(&path), &config.input.extensions);
        if let Some(p) = problems.into_iter().next() {
            return Err(Error::Gold(p));
        }
        let spans: Vec<(usize, usize)> = gold.iter().filter(|g| g.doc == doc).filter_map(|g| g.span).collect();
        for input in &inputs {
            let o = pipeline.process(input).map_err(Error::Gold)?;
            let keep = |_: &crate::DocOutput, s: &demarche_core::Sentence| {
                spans.iter().any(|&(a, b)| s.span.start < b && a < s.span.end)
            };
            for s in pipeline.stances_where(&[&o], &keep, &Vec::new())?.into_iter().flatten() {
                out.push(Predicted {
                    path: path.display().to_string().replace('\\', "/"),
                    start: s.row.start as usize,
                    end: s.row.end as usize,
                    target: s.row.target,
                    label: s.label,
                    holder: s.row.holder,
                    kind: o.doc.kind().as_str().to_string(),
                });
            }
        }
    }
    Ok(out)
}
