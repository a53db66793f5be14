import Foundation

/// The prior of the fitted score: the weights Levee shipped before they were fitted (points of the old
/// `1 − exp(−points / 10)` score), in log-odds. `levee train` pulls each weight towards its prior rather than towards
/// zero, so a signal the labelled data never shows (a diff's new dependencies, an invented reference without a
/// source index) keeps this weight and the weights file says so; one the data does show gets the weight the data
/// supports.
public enum ScoringPrior {
    /// Old points × 0.3: the old score's 10 points (0.63) are about 3 log-odds above a baseline of −3.
    public static let scale = 0.3

    public static let points: [String: Double] = [
        "size": 3,
        "description_effort_mismatch": 4,
        "no_linked_issue": 1,
        "issue_opened_just_before": 3,
        "unrelated_churn": 2,
        "new_dependencies": 1.5,
        "trivial_credit_change": 5,
        "template_ignored": 3,
        "llm_prose_markers": 8,
        "agent_signature": 4,
        "touches_sensitive_paths": 1.5,
        "severity_inflation": 8,
        "disclosure_contradiction": 8,
        "invented_reference": 8,
        "modified_distribution": 3,
        "no_reproduction": 1,
        "poc_misses_project": 2,
        "test_code_as_production": 4,
        "title_body_mismatch": 3,
        // Added with #20; never shipped as points, so their priors are set as if they had been.
        "default_title": 3,
        "vague_title": 2,
        "event_credit": 4,
        "unfilled_template": 3,
        "fresh_account": 2,
        "undescribed_first_contribution": 2,
    ]

    /// The prior weight of a feature: a signal's old points × `scale`; a generic feature's prior is zero.
    public static func weight(of id: String) -> Double { (points[id] ?? 0) * scale }
}
