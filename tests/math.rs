//! Formulas: where math starts, and what a page shows for them.

mod common;

use common::*;

fn page(body: &str) -> (scraper::Html, String) {
    let site = Scratch::new();
    site.write("notes/m.md", body);
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    (site.html("m.html"), stderr(&output))
}

#[test]
fn dollars_follow_pandocs_rule_and_other_delimiters_are_math() {
    let (html, warnings) = page(
        "# M\n\n扣除 $50（$100）后，单价 $5 和 $6。\n\n公式 $x^2$ 与 \\(y_1\\) 行内，$a$5 不是。\n\n\\[\n\\sum_i x_i\n\\]\n\n见 \\[1\\]。\n",
    );
    assert_eq!(warnings, "");
    let paragraphs = text(&html, ".content > p");
    assert!(
        paragraphs[0].contains("扣除 $50（$100）后，单价 $5 和 $6。"),
        "{paragraphs:?}"
    );
    assert_eq!(select(&html, ".content > p:nth-of-type(2) math").len(), 2);
    assert!(paragraphs[1].ends_with("$a$5 不是。"), "{paragraphs:?}");
    assert_eq!(select(&html, ".content math[display=block]").len(), 1);
    assert!(
        paragraphs.last().unwrap().contains("见 [1]。"),
        "{paragraphs:?}"
    );
}

#[test]
fn a_display_formula_stays_one_in_a_list_and_over_lines_like_list_items() {
    let (html, warnings) =
        page("# M\n\n- 第一项\n\n  $$\n  E = mc^2\n  $$\n\n$$\na\n- b\n+ c\n$$\n");
    assert_eq!(warnings, "");
    assert_eq!(select(&html, ".content li math[display=block]").len(), 1);
    assert_eq!(select(&html, ".content > p math[display=block]").len(), 1);
    assert_eq!(
        select(&html, ".content ul").len(),
        1,
        "no list made of the formula"
    );
}
