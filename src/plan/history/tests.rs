//! The aggregation on small in-memory sites: scores per scale, achieved shares, chains
//! across a rename and across departments, policy grouping, indicator directions.

use super::*;
use crate::load::yaml::Pos;
use crate::model::{
    Better, Evaluation, GoalRef, Head, Located, Scale, ScaleKey, Site, SiteConfig, SourceFormat,
    YearSettings,
};
use crate::plan::{Options, PageJob};

fn at<T>(value: T) -> Located<T> {
    Located {
        value,
        pos: Pos::new(1, 1),
    }
}

fn dept(id: &str, name: &str, renamed_from: &[&str]) -> Department {
    Department {
        id: id.into(),
        name: name.into(),
        kana: None,
        order: None,
        renamed_from: renamed_from.iter().map(|s| s.to_string()).collect(),
        abolished: None,
        pos: Pos::new(1, 1),
    }
}

struct G {
    self_key: Option<&'static str>,
    leader_key: Option<&'static str>,
    continues: Option<&'static str>,
    policy: Option<&'static str>,
    indicators: Vec<Indicator>,
}

fn g(self_key: Option<&'static str>) -> G {
    G {
        self_key,
        leader_key: None,
        continues: None,
        policy: None,
        indicators: Vec::new(),
    }
}

impl G {
    fn leader(mut self, k: &'static str) -> G {
        self.leader_key = Some(k);
        self
    }
    fn continues(mut self, r: &'static str) -> G {
        self.continues = Some(r);
        self
    }
    fn policy(mut self, p: &'static str) -> G {
        self.policy = Some(p);
        self
    }
    fn indicator(mut self, name: &str, target: f64, actual: Option<f64>, better: Better) -> G {
        self.indicators.push(Indicator {
            name: name.into(),
            unit: Some("位".into()),
            baseline: None,
            baseline_label: None,
            target,
            actual,
            better,
        });
        self
    }
}

fn manifesto(fy: i32, department: &str, goals: Vec<G>) -> Manifesto {
    Manifesto {
        fy: FiscalYear(fy),
        department: at(department.to_string()),
        department_name: None,
        head: Head {
            pos: Pos::new(1, 1),
            title: "部長".into(),
            name: "伊賀 太郎".into(),
            photo: None,
            photo_alt: None,
        },
        contact: None,
        motto: None,
        draft: false,
        goals: goals
            .into_iter()
            .enumerate()
            .map(|(i, x)| Goal {
                number: i + 1,
                pos: Pos::new(1, 1),
                mission: "使命".into(),
                policy: x.policy.map(String::from),
                title: format!("{fy} {department} 目標{}", i + 1),
                background: None,
                current: "現状".into(),
                challenges: None,
                target: "目標".into(),
                outcome: "成果".into(),
                means: "手段".into(),
                deadline: None,
                indicators: x.indicators,
                continues: x.continues.map(|r| at(GoalRef::parse(r).unwrap())),
                evaluation: (x.self_key.is_some() || x.leader_key.is_some()).then(|| Evaluation {
                    pos: Pos::new(1, 1),
                    self_key: x.self_key.map(|k| at(ScaleKey(k.into()))),
                    leader_key: x.leader_key.map(|k| at(ScaleKey(k.into()))),
                    reason: None,
                }),
                lint_ignore: Vec::new(),
                field_pos: Default::default(),
            })
            .collect(),
        body: None,
        source: format!("content/{fy}/{department}.yaml").into(),
        format: SourceFormat::Yaml,
    }
}

/// The 6-level leader scale of the FY2026 example.
fn leader_scale() -> Scale {
    let level = |key: &str, score: f64, achieved: bool| Level {
        key: ScaleKey(key.into()),
        label: format!("段階{key}"),
        score,
        achieved,
    };
    Scale {
        label: "指導者評価".into(),
        levels: vec![
            level("6", 0.85, true),
            level("5", 0.7, true),
            level("4", 0.55, false),
            level("3", 0.35, false),
            level("2", 0.15, false),
            level("1", 0.0, false),
        ],
    }
}

fn year(fy: i32, leader: bool, manifestos: Vec<Manifesto>) -> Year {
    Year {
        fy: FiscalYear(fy),
        settings: YearSettings {
            leader_scale: leader.then(leader_scale),
            ..Default::default()
        },
        manifestos,
    }
}

fn site(register: Vec<Department>, policies: Option<Vec<Policy>>, years: Vec<Year>) -> Site {
    let mut register = crate::model::Register::new(register);
    register.sort();
    Site {
        root: "/nowhere".into(),
        config: SiteConfig {
            title: "テスト".into(),
            organization: "テスト市".into(),
            base_url: None,
            language: "ja".into(),
            theme: "default".into(),
            output_dir: "public".into(),
            license: None,
            contact_note: None,
        },
        register,
        policies,
        years,
    }
}

/// somu (renamed from soumu-old) over 2021–2023, kikaku 2021–2022, a 6-level leader
/// scale in 2023; a chain 2021/soumu-old/1 → 2022/somu/1 → 2023/somu/1 and a branch
/// 2022/somu/1 → 2023/kikaku... (kikaku has no 2023), a cross-department link
/// 2022/kikaku/1 → 2021/soumu-old/2.
fn fixture() -> Site {
    site(
        vec![
            dept("somu", "総務部", &["soumu-old"]),
            dept("kikaku", "企画部", &[]),
        ],
        Some(vec![
            Policy {
                code: "7-1".into(),
                title: "市民参画".into(),
            },
            Policy {
                code: "5".into(),
                title: "政策5".into(),
            },
        ]),
        vec![
            year(
                2021,
                false,
                vec![
                    manifesto(
                        2021,
                        "soumu-old",
                        vec![
                            g(Some("5")).policy("7-1-①･②").indicator(
                                "順位",
                                230.0,
                                Some(251.0),
                                Better::Lower,
                            ),
                            g(Some("2")).policy("7-10"),
                        ],
                    ),
                    manifesto(2021, "kikaku", vec![g(Some("3")), g(None)]),
                ],
            ),
            year(
                2022,
                false,
                vec![
                    manifesto(
                        2022,
                        "somu",
                        vec![
                            g(Some("3"))
                                .continues("2021/soumu-old/1")
                                .policy("7-1")
                                .indicator("順位", 230.0, Some(204.0), Better::Lower)
                                .indicator("満足度", 55.0, Some(49.4), Better::Higher),
                            g(Some("4")).policy("5-2-①"),
                        ],
                    ),
                    manifesto(
                        2022,
                        "kikaku",
                        vec![g(Some("1")).continues("2021/soumu-old/2")],
                    ),
                ],
            ),
            year(
                2023,
                true,
                vec![manifesto(
                    2023,
                    "somu",
                    vec![
                        g(Some("4")).leader("6").continues("2022/somu/1").indicator(
                            "順位",
                            200.0,
                            Some(204.0),
                            Better::Lower,
                        ),
                        g(None).leader("4").continues("2022/somu/1").policy("-"),
                        g(Some("2")).indicator("満足度", 55.0, Some(56.0), Better::Higher),
                    ],
                )],
            ),
        ],
    )
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

#[test]
fn a_renamed_department_has_one_history_with_scores_per_year() {
    let site = fixture();
    let plan = Plan::new(&site, Options::default());
    let h = &plan.history;
    let somu = h.department_index(&site, "soumu-old").unwrap();
    assert_eq!(h.department_index(&site, "somu"), Some(somu));
    assert_eq!(h.departments[somu].department.id, "somu");
    let years: Vec<i32> = h.departments[somu]
        .manifestos
        .iter()
        .map(|&a| plan.manifesto_at(a).fy.0)
        .collect();
    assert_eq!(years, [2021, 2022, 2023]);

    let s = |i: usize| h.summary(h.departments[somu].manifestos[i]);
    // 2021: 5 (1.0, achieved) and 2 (0.35, not) → mean 0.675, 1 of 2 achieved.
    assert!(close(s(0).self_eval.mean_score(), 0.675), "{:?}", s(0));
    assert!(close(s(0).self_eval.share_achieved(), 0.5));
    // 2022: 3 (0.7) and 4 (0.85).
    assert!(close(s(1).self_eval.mean_score(), 0.775));
    assert_eq!(s(1).self_eval.achieved, 2);
    // 2023: self 4 (0.85) and 2 (0.35), one goal without a self evaluation; the leader
    // levels 6 (0.85, achieved) and 4 (0.55, not achieved) stay on their own tally.
    let t = s(2);
    assert_eq!((t.self_eval.goals, t.self_eval.evaluated), (3, 2));
    assert!(close(t.self_eval.mean_score(), 0.6));
    assert_eq!((t.leader.evaluated, t.leader.achieved), (2, 1));
    assert!(close(t.leader.mean_score(), 0.7));
}

#[test]
fn years_count_levels_of_their_own_scales() {
    let site = fixture();
    let plan = Plan::new(&site, Options::default());
    let y = &plan.history.years;
    assert_eq!(y.len(), 3);
    assert_eq!(y[0].departments, 2);
    assert_eq!(y[0].summary.self_eval.goals, 4);
    assert_eq!(y[0].summary.self_eval.evaluated, 3);
    // Self scale 5..1: one 5, one 3, one 2.
    assert_eq!(y[0].self_levels, [1, 0, 1, 1, 0]);
    assert!(y[0].leader_levels.is_empty());
    // 2021: achieved 5 and 3 of three evaluated.
    assert!(close(y[0].summary.self_eval.share_achieved(), 2.0 / 3.0));
    // 2023 has the 6-level leader scale: 6 and 4 counted there, not on the self scale.
    assert_eq!(y[2].leader_levels, [1, 0, 1, 0, 0, 0]);
    assert_eq!(y[2].self_levels, [0, 1, 0, 1, 0]);
    assert_eq!(y[2].departments, 1);
}

#[test]
fn continued_goals_form_chains_with_branches_across_a_rename() {
    let site = fixture();
    let plan = Plan::new(&site, Options::default());
    let h = &plan.history;
    let label = |a: GoalAt| {
        let (_, m, g) = plan.goal_of(a);
        format!("{}/{}/{}", m.fy, m.department.value, g.number)
    };
    let chains: Vec<Vec<(String, u32, Option<u32>)>> = h
        .chains
        .iter()
        .map(|c| {
            c.steps
                .iter()
                .map(|s| (label(s.goal), s.depth, s.parent))
                .collect()
        })
        .collect();
    assert_eq!(
        chains,
        vec![
            vec![
                ("2021/soumu-old/1".to_string(), 0, None),
                ("2022/somu/1".to_string(), 1, Some(0)),
                ("2023/somu/1".to_string(), 2, Some(1)),
                ("2023/somu/2".to_string(), 2, Some(1)),
            ],
            vec![
                ("2021/soumu-old/2".to_string(), 0, None),
                ("2022/kikaku/1".to_string(), 1, Some(0)),
            ],
        ]
    );
    let somu = h.department_index(&site, "somu").unwrap();
    let kikaku = h.department_index(&site, "kikaku").unwrap();
    assert_eq!(h.departments[somu].chains, [0, 1]);
    assert_eq!(h.departments[kikaku].chains, [1]);
    let g = plan.goal_at(FiscalYear(2023), "somu", 3).unwrap();
    assert_eq!(h.chain_of(g), None, "2023 goal 3 continues nothing");
    assert_eq!(plan.goal_at(FiscalYear(2023), "somu", 4), None);
}

#[test]
fn goals_group_under_their_policy_code() {
    let site = fixture();
    let plan = Plan::new(&site, Options::default());
    let h = &plan.history;
    let groups = h.policies.as_ref().unwrap();
    let listed: Vec<(&str, bool, usize)> = groups
        .iter()
        .map(|g| (g.code.as_str(), g.policy.is_some(), g.goals.len()))
        .collect();
    // 7-1-①･② and 7-1 under 7-1; 5-2-① under the listed parent 5; 7-10 is not listed
    // and gets its own group after the listed ones; `-` is no policy.
    assert_eq!(
        listed,
        [("7-1", true, 2), ("5", true, 1), ("7-10", false, 1)]
    );
    assert_eq!(h.policy_group("7-1-②"), Some(0));
    assert_eq!(h.policy_group("5-2"), Some(1));
    assert_eq!(h.policy_group("7-10"), Some(2));
    assert_eq!(h.policy_group("7-9"), None);
    assert_eq!(h.policy_group("-"), None);
    assert!(plan.pages.contains(&PageJob::Policies));
    assert!(plan.pages.contains(&PageJob::Policy(2)));
}

#[test]
fn without_policies_yaml_there_are_no_policy_groups() {
    let mut site = fixture();
    site.policies = None;
    let plan = Plan::new(&site, Options::default());
    assert!(plan.history.policies.is_none());
    assert!(!plan.pages.contains(&PageJob::Policies));
    assert_eq!(plan.history.policy_group("7-1"), None);
}

#[test]
fn indicator_changes_follow_their_direction() {
    let site = fixture();
    let plan = Plan::new(&site, Options::default());
    let somu = plan.history.department_index(&site, "somu").unwrap();
    let series = plan.indicator_series(somu);
    let names: Vec<&str> = series.iter().map(|s| s.name).collect();
    assert_eq!(names, ["順位", "満足度"]);
    // A rank: 251 → 204 is better, 204 → 204 unchanged.
    let rank: Vec<Option<Change>> = series[0].points.iter().map(|p| p.change).collect();
    assert_eq!(
        rank,
        [None, Some(Change::Improved), Some(Change::Unchanged)]
    );
    // Higher is better: 49.4 → 56 improved.
    let sat: Vec<(i32, Option<Change>)> = series[1]
        .points
        .iter()
        .map(|p| (p.fy.0, p.change))
        .collect();
    assert_eq!(sat, [(2022, None), (2023, Some(Change::Improved))]);
    assert_eq!(change(204.0, 230.0, Better::Lower), Change::Worsened);
    assert_eq!(change(55.0, 50.0, Better::Higher), Change::Worsened);
}

#[test]
fn pages_that_depend_on_a_manifesto() {
    let site = fixture();
    let plan = Plan::new(&site, Options::default());
    let h = &plan.history;
    let somu = h.department_index(&site, "somu").unwrap();
    let kikaku = h.department_index(&site, "kikaku").unwrap();
    // kikaku 2022 continues a somu goal: both history pages depend on it.
    let k2022 = &site.years[1].manifestos[1];
    assert_eq!(
        plan.history_pages_of(k2022),
        [
            PageJob::Departments,
            PageJob::DepartmentHistory(somu.min(kikaku)),
            PageJob::DepartmentHistory(somu.max(kikaku)),
            PageJob::Trends,
            PageJob::Policies,
        ]
    );
    // somu 2022: its own history (the chain stays within somu... and the 2021 goal 2
    // chain is not its), policies 7-1 and 5.
    let s2022 = &site.years[1].manifestos[0];
    assert_eq!(
        plan.history_pages_of(s2022),
        [
            PageJob::Departments,
            PageJob::DepartmentHistory(somu),
            PageJob::Trends,
            PageJob::Policies,
            PageJob::Policy(0),
            PageJob::Policy(1),
        ]
    );
}

#[test]
fn drafts_are_not_counted() {
    let mut site = fixture();
    site.years[2].manifestos[0].draft = true;
    let plan = Plan::new(&site, Options::default());
    let somu = plan.history.department_index(&site, "somu").unwrap();
    assert_eq!(plan.history.departments[somu].manifestos.len(), 2);
    // The 2022 → 2023 links are gone with the draft: chain 0 ends in 2022.
    assert_eq!(plan.history.chains[0].steps.len(), 2);
    let with = Plan::new(&site, Options { drafts: true });
    assert_eq!(with.history.chains[0].steps.len(), 4);
}

#[test]
fn policy_codes_sort_by_number() {
    use std::cmp::Ordering;
    assert_eq!(code_order("7-2", "7-10"), Ordering::Less);
    assert_eq!(code_order("10", "9-1"), Ordering::Greater);
    assert_eq!(code_order("7-1", "7-1"), Ordering::Equal);
}
