<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=true; section>
    <#if section = "header">
        ${msg("diveTrustErrorTitle")}
    <#elseif section = "form">
        <p id="dive-trust-error">${msg("diveTrustErrorHelp")}</p>
    </#if>
</@layout.registrationLayout>
