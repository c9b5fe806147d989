//! Tests of formulas: each construct's MathML (a snapshot), hostile input,
//! and errors that name what is at fault.

use super::*;

/// Every construct notes use that KaTeX renders, inline (`false`) or
/// displayed.
const CONSTRUCTS: &[(&str, bool)] = &[
    (r"x^2 + y_i", false),
    (r"a<b, c>d \& e", false),
    (r"\textcircled{1} \textcircled{a}", false),
    (
        r"\begin{aligned} a &= b \newline c &= d \end{aligned}",
        true,
    ),
    (r"a = b \\ c = d", true),
    (
        r"\begin{aligned} a &= 1 \\[2pt] [x] &= 2 \end{aligned}",
        true,
    ),
    (r"E = mc^2 \tag{1}", true),
    (r"x \tag*{a}", true),
    (r"\R, \N, \Z, \C, \Q", false),
    (r"\LARGE x + \small y", false),
    (r"\mathop{\arg\max}_x f(x)", true),
    (r"\operatorname*{argmax}_x f(x)", true),
    (
        r"\underset{x}{\arg\min} \; \overset{def}{=} \; \stackrel{?}{=}",
        true,
    ),
    (r"\phantom{x} \cancel{y} \mathscr{L}", false),
    (r"\boldsymbol{\mu} + \bm{\sigma}", false),
    (r"\text{Gini\_index} = \operatorname{Gini\_index}", false),
    (r"\text{中文} = 1", false),
    (r"\begin{align} a &= b \\ c &= d \end{align}", true),
    (r"\begin{align*} a &= b \end{align*}", true),
    (r"\begin{gather} a \\ b \end{gather}", true),
    (
        r"f(x) = \begin{cases} 1 & x > 0 \\ 0 & \text{否则} \end{cases}",
        true,
    ),
    (r"\begin{dcases} \frac{1}{2} & x \end{dcases}", true),
    (
        r"\begin{matrix} a & b \end{matrix} \begin{pmatrix} a \end{pmatrix} \begin{bmatrix} a \end{bmatrix} \begin{vmatrix} a \end{vmatrix}",
        true,
    ),
    (
        r"\begin{array}{c|cc} a & b & c \\ \hline 1 & 2 & 3 \end{array}",
        true,
    ),
    (
        r"\frac{a}{b} + \sum_{i=1}^n \sqrt[3]{x_i} + \lim_{x \to 0} \left( \frac{1}{x} \right)",
        true,
    ),
    (
        r"\hat{y} \vec{v} \overline{z} \underbrace{a+b}_{2} \mathbb{E} \mathbf{x}^\top \|x\|_2",
        false,
    ),
    (r"\gamma*0", false),
    (r"\boxed{E = mc^2} \textcolor{blue}{y}", false),
    (r"\begin{split} a &= b + c \\ &= d \end{split}", true),
    (
        r"\left(\begin{smallmatrix} a & b \\ c & d \end{smallmatrix}\right)",
        false,
    ),
];

#[test]
fn every_construct_renders_as_the_snapshot() {
    let mut all = String::new();
    for (tex, display) in CONSTRUCTS {
        let mathml = to_mathml(tex, *display).unwrap_or_else(|error| panic!("{tex}: {error}"));
        all.push_str(&format!("{tex}\n{mathml}\n\n"));
    }
    insta::assert_snapshot!(all);
}

#[test]
fn bold_greek_stays_greek_and_escaped_underscores_show() {
    let bold = to_mathml(r"\boldsymbol{\mu}", false).unwrap();
    assert!(!bold.contains('\u{b5}'), "not the micro sign: {bold}");
    let text = to_mathml(r"\text{Gini\_index}", false).unwrap();
    assert!(text.contains("Gini_index"), "{text}");
    assert!(to_mathml(r"a<b", false).unwrap().contains("&lt;"));
}

#[test]
fn hostile_input_never_reaches_the_page_as_markup() {
    for tex in [
        r"\operatorname{<img src=x onerror=alert(1)>}",
        r"\operatorname{<svg/onload=alert(1)>}",
        r"\text{<script>alert(1)</script>}",
        r#"\mathrm{"><svg onload=alert(1)>}"#,
        r"\foo{<b>}",
        r"\frac{<i>}{",
    ] {
        match to_mathml(tex, false) {
            Ok(mathml) => {
                assert_eq!(only_mathml(&mathml), Ok(()), "{tex}: {mathml}");
                let lower = mathml.to_lowercase();
                for bad in ["<img", "<svg", "<script", "<b>", "<i>"] {
                    assert!(!lower.contains(bad), "{tex}: {mathml}");
                }
            }
            Err(error) => assert!(!error.to_string().is_empty()),
        }
    }
}

#[test]
fn a_starred_tag_has_no_parentheses() {
    let starred = to_mathml(r"x \tag*{a}", true).unwrap();
    assert!(starred.contains("<mtext>a</mtext>"), "{starred}");
    assert!(!starred.contains("@@"), "{starred}");
    let plain = to_mathml(r"x \tag{1}", true).unwrap();
    assert!(plain.contains("<mtext>(1)</mtext>"), "{plain}");
}

#[test]
fn markup_other_than_mathml_is_refused() {
    assert!(only_mathml("<math><mi>x</mi></math>").is_ok());
    assert!(only_mathml("<math><mi>x</mi><img src=x onerror=alert(1)></math>").is_err());
    assert!(only_mathml("<math><mi onclick=\"x\">x</mi></math>").is_err());
    assert!(only_mathml("<math><mstyle style=\"background:url(x)\"></mstyle></math>").is_err());
}

#[test]
fn errors_name_the_command_at_fault() {
    let error = to_mathml(r"a + \nosuchcommand{x}", false).unwrap_err();
    assert!(error.to_string().contains(r"\nosuchcommand"), "{error}");
    assert!(to_mathml(r"\frac{a}{", false).is_err());
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    assert_eq!(nesting(r"\frac{a}{b}"), 1);
    assert_eq!(nesting(r"\left( \left[ x \right] \right) \{ \}"), 2);
    assert_eq!(nesting(r"\begin{aligned} {a} \end{aligned}"), 2);
    let deep = format!("{}x{}", "{".repeat(20_000), "}".repeat(20_000));
    let error = to_mathml(&deep, true).unwrap_err();
    assert!(error.message.contains("20000 levels"), "{}", error.message);
    let fine = format!("{}x{}", "{".repeat(50), "}".repeat(50));
    assert!(to_mathml(&fine, true).is_ok());
}
