//! `/<fy>/goals.csv` and `/data/goals.csv`: one row per goal, for Excel.
//!
//! UTF-8 with a byte-order mark (without it Excel in Japan reads the file as Shift_JIS and
//! shows mojibake), rows ended by CRLF as RFC 4180 and Excel expect, quoting by the `csv`
//! crate. Line breaks inside a cell (a reason of several lines) stay LF inside quotes,
//! which Excel shows as line breaks within the cell. Text cells are plain text: the
//! Markdown is rendered to lines (list items marked `・`), because `**` and `- ` are noise
//! in a spreadsheet; the JSON has the Markdown as written. The columns are
//! [`super::schema::CSV_COLUMNS`].

use super::Public;
use super::schema::CSV_COLUMNS;
use crate::model::{Manifesto, Scale, ScaleKey, Year};
use crate::plan::urls;
use crate::render::context::number;
use crate::render::markdown::to_text;

pub const BOM: &str = "\u{FEFF}";

fn level_cells(scale: Option<&Scale>, key: Option<&ScaleKey>) -> [String; 4] {
    match (scale, key) {
        (Some(s), Some(k)) => match s.level(k) {
            Some(l) => [
                l.key.0.clone(),
                l.label.clone(),
                number(l.score),
                if l.achieved { "TRUE" } else { "FALSE" }.to_string(),
            ],
            None => Default::default(),
        },
        _ => Default::default(),
    }
}

fn writer<W: std::io::Write>(out: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out)
}

/// What every goals CSV starts with: the byte-order mark and the header row.
pub fn header() -> Result<Vec<u8>, String> {
    let mut out = BOM.as_bytes().to_vec();
    let mut w = writer(&mut out);
    w.write_record(CSV_COLUMNS.iter().map(|c| c.0))
        .map_err(|e| e.to_string())?;
    w.flush().map_err(|e| e.to_string())?;
    drop(w);
    Ok(out)
}

/// The rows of one year's published manifestos, one per goal. A goals CSV is
/// [`header`] followed by the rows of its years, oldest first.
pub fn rows(public: &Public, y: &Year, manifestos: &[&Manifesto]) -> Result<Vec<u8>, String> {
    // About 2 KB a manifesto: room for most years without growing (and copying) the
    // buffer of a large year several times.
    let mut out = Vec::with_capacity(2048 * manifestos.len());
    let mut w = writer(&mut out);
    let base = public.site.config.base_url.as_deref().unwrap_or("");
    for m in manifestos {
        let name = public.department_name(m);
        for g in &m.goals {
            let ev = g.evaluation.as_ref();
            let [sk, sl, ss, sa] = level_cells(
                Some(&y.settings.self_scale),
                ev.and_then(|e| e.self_key.as_ref()).map(|k| &k.value),
            );
            let [lk, ll, ls, la] = level_cells(
                y.settings.leader_scale.as_ref(),
                ev.and_then(|e| e.leader_key.as_ref()).map(|k| &k.value),
            );
            let record: [String; 20] = [
                y.fy.0.to_string(),
                y.fy.era_label(),
                m.department.value.clone(),
                name.clone(),
                g.number.to_string(),
                format!("{}/{}/{}", y.fy, m.department.value, g.number),
                g.title.clone(),
                g.policy.clone().unwrap_or_default(),
                to_text(&g.target),
                g.deadline
                    .as_ref()
                    .map(|d| d.value.to_string())
                    .unwrap_or_default(),
                sk,
                sl,
                ss,
                sa,
                lk,
                ll,
                ls,
                la,
                ev.and_then(|e| e.reason.as_deref())
                    .map(to_text)
                    .unwrap_or_default(),
                format!(
                    "{base}{}#{}",
                    urls::manifesto(y.fy, &m.department.value),
                    urls::goal_anchor(g.number)
                ),
            ];
            debug_assert_eq!(record.len(), CSV_COLUMNS.len());
            w.write_record(&record).map_err(|e| e.to_string())?;
        }
    }
    w.flush().map_err(|e| e.to_string())?;
    drop(w);
    Ok(out)
}
