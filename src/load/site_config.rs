//! `site.yaml`.

use super::fields::{FieldSpec, Fields, FileCtx};
use super::yaml::Node;
use crate::model::SiteConfig;

const FIELDS: &[FieldSpec] = &[
    ("title", "サイト名"),
    ("organization", "発行者"),
    ("base_url", "公開URL"),
    ("language", "言語"),
    ("theme", "テーマ"),
    ("output_dir", "出力先"),
    ("license", "ライセンス"),
    ("contact_note", "問い合わせ"),
];

pub fn decode(ctx: &mut FileCtx, node: &Node) -> Option<SiteConfig> {
    let mut f = Fields::new(ctx, node, "the site settings", "", FIELDS)?;
    let title = f.required_text(ctx, "title");
    let organization = f.required_text(ctx, "organization");
    let base_url = f.text(ctx, "base_url");
    if let (Some(url), Some(node)) = (&base_url, f.get("base_url"))
        && !(url.starts_with("http://") || url.starts_with("https://"))
    {
        ctx.error(
            node.pos,
            format!("`base_url` must start with https:// or http://, found \"{url}\""),
        );
    }
    let language = f.text(ctx, "language").unwrap_or_else(|| "ja".into());
    let theme = f.text(ctx, "theme").unwrap_or_else(|| "default".into());
    if let Some(node) = f.get("theme")
        && !crate::model::department::is_valid_id(&theme)
    {
        ctx.error(
            node.pos,
            format!("`theme` must be a folder name under themes/ ([a-z0-9-]), found \"{theme}\""),
        );
    }
    let output_dir = f.text(ctx, "output_dir").unwrap_or_else(|| "public".into());
    let license = f.text(ctx, "license");
    let contact_note = f.text(ctx, "contact_note");
    f.finish(ctx);
    Some(SiteConfig {
        title: title?,
        organization: organization?,
        base_url: base_url.map(|u| if u.ends_with('/') { u } else { format!("{u}/") }),
        language,
        theme,
        output_dir,
        license,
        contact_note,
    })
}
